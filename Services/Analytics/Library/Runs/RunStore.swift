import Foundation
import SluiceJSON
import SluicePostgres

/// The runs (`analytics.runs`): requesting one (sharing an overlapping open run), leasing the
/// next to a replica (`FOR UPDATE SKIP LOCKED`, leases that expire so a dead replica's run is
/// taken over), progress and outcome.
public struct RunStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// A run for `analysis` over `range` widened to whole windows: the open (queued or in
    /// progress) run of the same analysis and version whose range overlaps it, or a new queued
    /// run. `isNew` tells which.
    public func request(analysis: Analysis, range: Range<Timestamp>, reason: String) throws -> (run: Run, isNew: Bool) {
        try pool.withTransaction { connection in
            try Self.request(analysis: analysis, range: range, reason: reason, on: connection)
        }
    }

    /// `request` inside the caller's open transaction on `connection` (the run is queued when
    /// that transaction commits).
    static func request(
        analysis: Analysis, range: Range<Timestamp>, reason: String, on connection: PostgresConnection
    ) throws -> (run: Run, isNew: Bool) {
        let size = analysis.definition.window
        let widened = size.widen(range)
        let total = Int((widened.upperBound.microsecondsSinceEpoch - widened.lowerBound.microsecondsSinceEpoch) / size.microseconds)
        _ = try connection.query("SELECT pg_advisory_xact_lock(hashtext('sluice.analytics.runs'), hashtext(\(analysis.name)))")
        if let open = try connection.query(
            """
            SELECT \(unsafeRaw: columns) FROM analytics.runs
            WHERE analysis = \(analysis.name) AND version = \(Int32(analysis.version))
                AND status IN ('queued', 'in_progress')
                AND range_from < \(widened.upperBound.rfc3339)::timestamptz AND range_to > \(widened.lowerBound.rfc3339)::timestamptz
            ORDER BY created_at LIMIT 1
            """
        ).first {
            return (try decode(open), false)
        }
        let id = UUID()
        let row = try connection.query(
            """
            INSERT INTO analytics.runs (run_id, analysis, version, range_from, range_to, reason, status, windows_total)
            VALUES (\(id), \(analysis.name), \(Int32(analysis.version)), \(widened.lowerBound.rfc3339)::timestamptz,
                \(widened.upperBound.rfc3339)::timestamptz, \(reason), 'queued', \(Int32(clamping: total)))
            RETURNING \(unsafeRaw: columns)
            """
        ).first
        guard let row else { throw RunStoreError.notStored }
        return (try decode(row), true)
    }

    /// The run, or nil.
    public func run(id: UUID) throws -> Run? {
        try pool.withConnection { connection in
            try connection.query("SELECT \(unsafeRaw: Self.columns) FROM analytics.runs WHERE run_id = \(id)").first
                .map(Self.decode)
        }
    }

    /// The most recent runs, newest first.
    public func recent(limit: Int = 50) throws -> [Run] {
        try pool.withConnection { connection in
            try connection.query(
                "SELECT \(unsafeRaw: Self.columns) FROM analytics.runs ORDER BY created_at DESC LIMIT \(Int64(limit))"
            ).map(Self.decode)
        }
    }

    /// Leases the oldest queued run (or an in-progress run whose lease expired) to `owner`.
    public func claimNext(owner: String, lease: Duration) throws -> Run? {
        try pool.withConnection { connection in
            try connection.query(
                """
                UPDATE analytics.runs SET status = 'in_progress', lease_owner = \(owner),
                    lease_expires_at = clock_timestamp() + make_interval(secs => \(Self.seconds(lease))),
                    started_at = coalesce(started_at, clock_timestamp()), attempts = attempts + 1
                WHERE run_id = (
                    SELECT run_id FROM analytics.runs
                    WHERE status = 'queued' OR (status = 'in_progress' AND lease_expires_at < clock_timestamp())
                    ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
                RETURNING \(unsafeRaw: Self.columns)
                """
            ).first.map(Self.decode)
        }
    }

    /// Records progress and extends the lease; false when `owner` no longer holds the run.
    public func progress(id: UUID, owner: String, windowsDone: Int, error: String? = nil, lease: Duration) throws -> Bool {
        let errors = error.map { JSONValue.array([.string($0)]) } ?? .array([])
        return try pool.withConnection { connection in
            try connection.execute(
                """
                UPDATE analytics.runs SET windows_done = \(Int32(clamping: windowsDone)),
                    errors = CASE WHEN jsonb_array_length(errors) < 20
                        THEN errors || \(PostgresJSONB(String(decoding: JSONSerializer.serialize(errors), as: UTF8.self)))
                        ELSE errors END,
                    lease_expires_at = clock_timestamp() + make_interval(secs => \(Self.seconds(lease)))
                WHERE run_id = \(id) AND lease_owner = \(owner) AND status = 'in_progress'
                """) == 1
        }
    }

    /// Ends the run as done or failed; false when `owner` no longer holds it.
    @discardableResult
    public func finish(id: UUID, owner: String, status: Run.Status, windowsDone: Int, error: String? = nil) throws -> Bool {
        let errors = error.map { JSONValue.array([.string($0)]) } ?? .array([])
        return try pool.withConnection { connection in
            try connection.execute(
                """
                UPDATE analytics.runs SET status = \(status.rawValue), windows_done = \(Int32(clamping: windowsDone)),
                    errors = errors || \(PostgresJSONB(String(decoding: JSONSerializer.serialize(errors), as: UTF8.self))),
                    finished_at = clock_timestamp(), lease_owner = NULL, lease_expires_at = NULL
                WHERE run_id = \(id) AND lease_owner = \(owner) AND status = 'in_progress'
                """) == 1
        }
    }

    /// How many runs are queued or in progress, and how many failed in the last hour.
    public func counts() throws -> (open: Int, failedLastHour: Int) {
        try pool.withConnection { connection in
            let row = try connection.query(
                """
                SELECT count(*) FILTER (WHERE status IN ('queued', 'in_progress')),
                    count(*) FILTER (WHERE status = 'failed' AND finished_at > now() - interval '1 hour')
                FROM analytics.runs
                """
            ).first
            guard let row else { return (0, 0) }
            let (open, failed) = try row.decode((Int64, Int64).self)
            return (Int(open), Int(failed))
        }
    }

    static let columns = """
        run_id, analysis, version, (extract(epoch FROM range_from) * 1000000)::int8, (extract(epoch FROM range_to) * 1000000)::int8,
        reason, status, windows_total, windows_done, errors::text, (extract(epoch FROM created_at) * 1000000)::int8,
        (extract(epoch FROM started_at) * 1000000)::int8, (extract(epoch FROM finished_at) * 1000000)::int8
        """

    static func decode(_ row: PostgresRow) throws -> Run {
        let (id, analysis, version, from, to, reason, status, total, done, errors, created, started, finished) =
            try row.decode((UUID, String, Int32, Int64, Int64, String, String, Int32, Int32, String, Int64, Int64?, Int64?).self)
        return Run(
            id: id, analysis: analysis, version: Int(version),
            range: Timestamp(microsecondsSinceEpoch: from)..<Timestamp(microsecondsSinceEpoch: to), reason: reason,
            status: Run.Status(rawValue: status) ?? .failed, windowsTotal: Int(total), windowsDone: Int(done),
            errors: (try JSONParser.parse(errors)).array?.compactMap(\.string) ?? [],
            createdAt: Timestamp(microsecondsSinceEpoch: created), startedAt: started.map(Timestamp.init(microsecondsSinceEpoch:)),
            finishedAt: finished.map(Timestamp.init(microsecondsSinceEpoch:)))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// Storage faults of the run store.
public enum RunStoreError: Error, Sendable, Hashable {
    case notStored
}
