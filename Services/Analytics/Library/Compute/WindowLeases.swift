import Foundation
import SluiceJSON
import SluicePostgres

/// Leases on windows (`analytics.window_leases`), so that replicas never compute the same
/// window of an analysis at the same time: a consumer and a run, or two consumers whose
/// claims touch one window. `withLeases` waits for windows another replica holds (it must
/// not skip them: that replica may have read the window before the caller's new events
/// committed), computes, then releases. A lease a dead replica left expires after `lease`.
public struct WindowLeases: Sendable {
    public let pool: PostgresPool
    public let owner: String
    public let lease: Duration

    public init(pool: PostgresPool, owner: String, lease: Duration = .seconds(120)) {
        self.pool = pool
        self.owner = owner
        self.lease = lease
    }

    /// Takes the leases of the windows that are free (or expired, or already ours); returns
    /// the window starts now held.
    /// `holder` names this acquisition (`withLeases` makes one per call, so two threads of one
    /// replica exclude each other too).
    public func tryAcquire(analysis: String, windowStarts: [Timestamp], holder: String) throws -> Set<Timestamp> {
        guard !windowStarts.isEmpty else { return [] }
        // In ascending order: two replicas leasing overlapping windows then lock the rows in
        // the same order and wait for each other instead of deadlocking.
        let micros = Set(windowStarts.map(\.microsecondsSinceEpoch)).sorted()
        return try pool.withConnection { connection in
            Set(try connection.query(
                """
                INSERT INTO analytics.window_leases AS l (analysis, window_start, owner, expires_at)
                SELECT \(analysis), w, \(holder), clock_timestamp() + make_interval(secs => \(RunStore.seconds(lease)))
                FROM unnest(\(micros)::int8[]) AS w ORDER BY w
                ON CONFLICT (analysis, window_start) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
                WHERE l.owner = EXCLUDED.owner OR l.expires_at < clock_timestamp()
                RETURNING window_start
                """
            ).map { Timestamp(microsecondsSinceEpoch: try $0.decode(column: 0, as: Int64.self)) })
        }
    }

    /// Gives the leases back.
    public func release(analysis: String, windowStarts: [Timestamp], holder: String) throws {
        guard !windowStarts.isEmpty else { return }
        let micros = windowStarts.map(\.microsecondsSinceEpoch)
        _ = try pool.withConnection { connection in
            try connection.execute(
                """
                DELETE FROM analytics.window_leases
                WHERE analysis = \(analysis) AND owner = \(holder) AND window_start = ANY(\(micros)::int8[])
                """)
        }
    }

    /// Runs `body` holding the leases of every window of `windowStarts`, waiting (polling
    /// every 50 ms) for those another replica holds.
    public func withLeases<Result>(analysis: String, windowStarts: [Timestamp], _ body: () throws -> Result) throws -> Result {
        var wanted = Set(windowStarts)
        var held = Set<Timestamp>()
        let holder = "\(owner)/\(UUID().uuidString.prefix(8))"
        defer { try? release(analysis: analysis, windowStarts: Array(held), holder: holder) }
        while true {
            let got = try tryAcquire(analysis: analysis, windowStarts: Array(wanted), holder: holder)
            held.formUnion(got)
            wanted.subtract(got)
            if wanted.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try body()
    }
}
