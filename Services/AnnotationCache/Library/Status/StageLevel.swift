import SluiceJSON

/// The colour of a dashboard tile, decided from a stage's status and its most important
/// figure by the thresholds documented in docs/dashboard.md. Pure, so it is tested directly.
public enum StageLevel: String, Sendable {
    case good, warning, bad

    /// A figure with its thresholds: `good` below `warning`, `warning` below `bad`, else `bad`
    /// (or the reverse when `higherIsBetter`).
    public static func of(_ value: Double?, warning: Double, bad: Double, higherIsBetter: Bool = false) -> StageLevel {
        guard let value else { return .warning }
        if higherIsBetter {
            return value >= warning ? .good : value >= bad ? .warning : .bad
        }
        return value < warning ? .good : value < bad ? .warning : .bad
    }

    /// The worse of two levels.
    public func worse(_ other: StageLevel) -> StageLevel {
        let order: [StageLevel] = [.good, .warning, .bad]
        return order.firstIndex(of: self)! >= order.firstIndex(of: other)! ? self : other
    }

    /// A service's own `status` as a level: ok good, degraded warning, down or silent bad.
    public static func of(status: String?) -> StageLevel {
        switch status {
        case "ok": .good
        case "degraded": .warning
        default: .bad
        }
    }
}

/// One tile of the flight-control page.
public struct StageTile: Sendable {
    public var stage: String
    public var service: String
    /// `ok`, `degraded`, `down` (no answer within 1 s counts as down).
    public var status: String
    public var level: StageLevel
    /// The tile's headline figure, ready to show (`12.5 events/s`, `0.4 % rejected`).
    public var headline: String
    public var figures: JSONValue

    public var json: JSONValue {
        .object(JSONObject(uniqueMembers: [
            ("stage", .string(stage)), ("service", .string(service)), ("status", .string(status)),
            ("level", .string(level.rawValue)), ("headline", .string(headline)), ("figures", figures),
        ]))
    }
}

/// Builds the five tiles from the services' `/v1/status` answers (nil: did not answer).
public enum StageTiles {
    public static func make(ingest: JSONValue?, analytics: JSONValue?, log: JSONValue?, cache: JSONValue) -> [StageTile] {
        func figure(_ status: JSONValue?, _ names: String...) -> Double? {
            for name in names { if let value = status?["figures"]?[name]?.double { return value } }
            return nil
        }
        func status(_ value: JSONValue?) -> String { value?["status"]?.string ?? "down" }
        func number(_ value: Double?, _ unit: String, digits: Int = 1) -> String {
            guard let value else { return "no figure" }
            let scale = pow10(digits)
            return "\((value * scale).rounded() / scale) \(unit)"
        }

        let rate = figure(ingest, "eventsPerSecond")
        let producers = StageTile(
            stage: "producers", service: "ingest", status: status(ingest),
            level: ingest == nil ? .bad : StageLevel.of(rate, warning: 0.000001, bad: -1, higherIsBetter: true),
            headline: number(rate, "events/s"), figures: ingest?["figures"] ?? .null)
        let rejected = figure(ingest, "rejectedPercent")
        let ingestTile = StageTile(
            stage: "ingest", service: "ingest", status: status(ingest),
            level: StageLevel.of(status: ingest?["status"]?.string).worse(StageLevel.of(rejected, warning: 1, bad: 5)),
            headline: number(rejected, "% rejected"), figures: ingest?["figures"] ?? .null)
        let logLag = figure(log, "consumerLag")
        let logTile = StageTile(
            stage: "event log", service: "event log", status: status(log),
            level: StageLevel.of(status: log?["status"]?.string).worse(StageLevel.of(logLag, warning: 1000, bad: 10_000)),
            headline: number(logLag, "records behind", digits: 0), figures: log?["figures"] ?? .null)
        let analyticsLag = figure(analytics, "lag")
        let failed = figure(analytics, "failedRunsLastHour", "failedRuns") ?? 0
        let analyticsTile = StageTile(
            stage: "analytics", service: "analytics", status: status(analytics),
            level: StageLevel.of(status: analytics?["status"]?.string)
                .worse(StageLevel.of(analyticsLag, warning: 1000, bad: 10_000))
                .worse(failed > 0 ? .warning : .good),
            headline: "\(number(analyticsLag, "lag", digits: 0)), \(Int(failed)) failed runs",
            figures: analytics?["figures"] ?? .null)
        let ratio = figure(cache, "hitRatio")
        let lookups = figure(cache, "lookups") ?? 0
        let bytes = figure(cache, "memoryBytes") ?? 0
        let cacheTile = StageTile(
            stage: "cache", service: "annotation-cache", status: status(cache),
            level: StageLevel.of(status: cache["status"]?.string)
                .worse(lookups < 100 ? .good : StageLevel.of(ratio, warning: 0.9, bad: 0.5, higherIsBetter: true)),
            headline: "\(number((ratio ?? 0) * 100, "% hits")), \(number(bytes / 1_048_576, "MiB"))",
            figures: cache["figures"] ?? .null)
        return [producers, ingestTile, logTile, analyticsTile, cacheTile]
    }

    static func pow10(_ digits: Int) -> Double { (0..<digits).reduce(1) { value, _ in value * 10 } }
}
