/// The pure decisions of partition maintenance: which day partitions a topic must have, which
/// it may drop, and whether a record's day is still retained.
///
/// A day partition is dropped once the whole day is older than the retention: with 7 days'
/// retention, on day D the partitions of days before D - 7 go. Partitions are created for
/// `daysAhead` days from today (and yesterday, for late clocks) so appends rarely create one.
public struct RetentionPlanner: Sendable, Hashable {
    /// Days of partitions created ahead of today.
    public var daysAhead: Int

    public init(daysAhead: Int = 3) {
        precondition(daysAhead >= 0, "daysAhead must not be negative")
        self.daysAhead = daysAhead
    }

    /// The oldest day still retained on `today`, or nil when retention is forever.
    public func oldestRetainedDay(today: Int64, retentionDays: Int?) -> Int64? {
        retentionDays.map { today - Int64($0) }
    }

    /// True when records with event time on `day` may be stored on `today`.
    public func isRetained(day: Int64, today: Int64, retentionDays: Int?) -> Bool {
        guard let oldest = oldestRetainedDay(today: today, retentionDays: retentionDays) else { return true }
        return day >= oldest
    }

    /// The days that should exist from yesterday to `daysAhead` days ahead (within retention).
    public func daysToPrepare(today: Int64, retentionDays: Int?) -> [Int64] {
        (today - 1...today + Int64(daysAhead)).filter { isRetained(day: $0, today: today, retentionDays: retentionDays) }
    }

    /// The existing days to drop on `today`, ascending.
    public func daysToDrop(existing: some Sequence<Int64>, today: Int64, retentionDays: Int?) -> [Int64] {
        existing.filter { !isRetained(day: $0, today: today, retentionDays: retentionDays) }.sorted()
    }
}
