import Foundation

/// What happened to a topic's events over a span: the figures of Ingest's `/v1/status`.
public struct OutcomeCounts: Sendable, Equatable {
    public var accepted = 0
    public var duplicates = 0
    public var rejected = 0
    public var deadLettered = 0

    public init(accepted: Int = 0, duplicates: Int = 0, rejected: Int = 0, deadLettered: Int = 0) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejected = rejected
        self.deadLettered = deadLettered
    }

    static func + (left: OutcomeCounts, right: OutcomeCounts) -> OutcomeCounts {
        OutcomeCounts(
            accepted: left.accepted + right.accepted, duplicates: left.duplicates + right.duplicates,
            rejected: left.rejected + right.rejected, deadLettered: left.deadLettered + right.deadLettered)
    }

    /// Every event received (accepted, duplicate or rejected).
    public var received: Int { accepted + duplicates + rejected }
}

/// Per topic, outcome counts in one-minute buckets over the last 24 hours, kept in memory
/// next to the metrics counters (fed at the same places), so `/v1/status` costs no query.
///
/// Surprising: the figures are this replica's since it started (like its `/metrics`); a
/// restarted replica starts from zero. Times are seconds since the epoch, passed in so the
/// windowing can be tested without waiting.
public final class RecentOutcomes: @unchecked Sendable {
    /// A day of minutes: older buckets are dropped when new ones are written.
    static let bucketsKept: Int64 = 24 * 60
    private let lock = NSLock()
    /// topic → minute (since the epoch) → counts.
    private var buckets: [String: [Int64: OutcomeCounts]] = [:]

    public init() {}

    /// Adds `counts` to `topic`'s bucket for the minute of `now`.
    public func record(topic: String, _ counts: OutcomeCounts, now: Double = Date().timeIntervalSince1970) {
        guard counts.received > 0 || counts.deadLettered > 0 else { return }
        let minute = Int64((now / 60).rounded(.down))
        lock.lock()
        defer { lock.unlock() }
        var perMinute = buckets[topic] ?? [:]
        perMinute[minute, default: OutcomeCounts()] = perMinute[minute, default: OutcomeCounts()] + counts
        if perMinute.count > Int(Self.bucketsKept) + 1 {
            perMinute = perMinute.filter { $0.key > minute - Self.bucketsKept }
        }
        buckets[topic] = perMinute
    }

    /// Per topic (sorted by name), the counts of the last hour and of the last day.
    public func spans(now: Double = Date().timeIntervalSince1970) -> [(topic: String, hour: OutcomeCounts, day: OutcomeCounts)] {
        let minute = Int64((now / 60).rounded(.down))
        lock.lock()
        let snapshot = buckets
        lock.unlock()
        return snapshot.keys.sorted().map { topic in
            var hour = OutcomeCounts()
            var day = OutcomeCounts()
            for (bucket, counts) in snapshot[topic] ?? [:] where bucket > minute - Self.bucketsKept && bucket <= minute {
                day = day + counts
                if bucket > minute - 60 { hour = hour + counts }
            }
            return (topic, hour, day)
        }
    }

    /// Accepted events per second over the current and the previous minute (all topics).
    public func acceptedPerSecond(now: Double = Date().timeIntervalSince1970) -> Double {
        let minute = Int64((now / 60).rounded(.down))
        lock.lock()
        var accepted = 0
        for perMinute in buckets.values {
            accepted += (perMinute[minute]?.accepted ?? 0) + (perMinute[minute - 1]?.accepted ?? 0)
        }
        lock.unlock()
        let elapsed = 60 + (now - Double(minute) * 60)
        return Double(accepted) / elapsed
    }
}
