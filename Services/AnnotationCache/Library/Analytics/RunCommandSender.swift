import Synchronization
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

/// Sends the "run analysis" command (`POST {analytics}/v1/analyses/{name}/runs` with
/// `{"from", "to"}`) for missing windows, never taking more than one second and never
/// throwing: the answer is only whether Analytics was reachable.
///
/// To spare a struggling Analytics and the readers, a command for the same analysis and range
/// is not repeated within `repeatInterval`, and after a failure Analytics is taken as
/// unreachable for `repeatInterval` without calling it (the client's circuit breaker adds to that).
public final class RunCommandSender: Sendable {
    private struct State {
        var lastFailure: ContinuousClock.Instant?
        var recent: [String: ContinuousClock.Instant] = [:]
        var reachable = true
    }

    public let analyticsURL: String
    public let repeatInterval: Duration
    /// Sent as `Authorization: Bearer` (Analytics requires admin or read scope on the topic).
    private let authorization: String?
    private let client: HTTPClient
    private let state = Mutex(State())

    /// `key` is the cache's configured admin key (`SLUICE_ADMIN_KEY`); without one the command
    /// goes unauthenticated and Analytics refuses it (401), which still counts as an answer.
    public init(analyticsURL: String, key: String?, repeatInterval: Duration = .seconds(5)) {
        authorization = key.map { "Bearer \($0)" }
        self.analyticsURL = analyticsURL.hasSuffix("/") ? String(analyticsURL.dropLast()) : analyticsURL
        self.repeatInterval = repeatInterval
        client = HTTPClient(configuration: .singleAttempt(within: .seconds(1)))
    }

    /// Whether the last attempt reached Analytics (true before any attempt).
    public var lastKnownReachable: Bool { state.withLock { $0.reachable } }

    /// Asks Analytics to compute `analysis` over `range`; true when Analytics answered (any
    /// status: a 404 for an analysis it does not know is still an answer).
    public func requestRun(analysis: String, range: WindowRange, traceparent: String?) -> Bool {
        let key = "\(analysis)|\(range.from)|\(range.to)"
        let now = ContinuousClock.now
        let skip: Bool? = state.withLock { state in
            if let failure = state.lastFailure, now - failure < repeatInterval { return false }
            if let sent = state.recent[key], now - sent < repeatInterval { return true }
            if state.recent.count > 10_000 { state.recent.removeAll() }
            state.recent[key] = now
            return nil
        }
        if let skip { return skip }
        let body: JSONValue = .object(JSONObject(uniqueMembers: [
            ("from", .string(range.fromTimestamp.rfc3339)), ("to", .string(range.toTimestamp.rfc3339)),
        ]))
        var request = HTTPClientRequest(
            method: .post, url: "\(analyticsURL)/v1/analyses/\(Self.percentEncoded(analysis))/runs",
            headers: ["Content-Type": "application/json"], body: JSONSerializer.serialize(body), idempotent: true,
            traceparent: traceparent)
        request.deadline = .seconds(1)
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        let reached: Bool
        do {
            _ = try client.execute(request)
            reached = true
        } catch {
            reached = false
        }
        state.withLock { state in
            state.reachable = reached
            if reached { state.lastFailure = nil } else {
                state.lastFailure = ContinuousClock.now
                state.recent[key] = nil
            }
        }
        return reached
    }

    /// The analysis name as one path segment.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
