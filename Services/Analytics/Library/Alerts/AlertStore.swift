import SluiceJSON
import SluicePostgres

/// The alerts (`analytics.alerts`).
public struct AlertStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// Records a failing observation; true when the alert was not open before (it is raised).
    public func fail(
        analysis: String, check: Check, subject: String, observed: Double, expected: Double, window: Range<Timestamp>
    ) throws -> Bool {
        let key = "\(analysis)/\(check.name)/\(subject)"
        return try pool.withConnection { connection in
            let row = try connection.query(
                """
                INSERT INTO analytics.alerts AS a (alert_key, analysis, check_name, subject, severity, status, observed, expected,
                    window_start, window_end, first_seen, last_seen)
                VALUES (\(key), \(analysis), \(check.name), \(subject), \(check.severity.rawValue), 'open', \(observed), \(expected),
                    \(window.lowerBound.rfc3339)::timestamptz, \(window.upperBound.rfc3339)::timestamptz, now(), now())
                ON CONFLICT (alert_key) DO UPDATE SET status = 'open', observed = EXCLUDED.observed, expected = EXCLUDED.expected,
                    severity = EXCLUDED.severity, window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end,
                    last_seen = now(), resolved_at = NULL,
                    first_seen = CASE WHEN a.status = 'resolved' THEN now() ELSE a.first_seen END
                RETURNING (xmax = 0) OR (SELECT status FROM analytics.alerts WHERE alert_key = \(key)) = 'resolved'
                """
            ).first
            return try row?.decode(column: 0, as: Bool.self) ?? false
        }
    }

    /// Records a passing observation; true when an open alert was resolved.
    public func pass(analysis: String, check: Check, subject: String) throws -> Bool {
        let key = "\(analysis)/\(check.name)/\(subject)"
        return try pool.withConnection { connection in
            try connection.execute(
                """
                UPDATE analytics.alerts SET status = 'resolved', resolved_at = now(), last_seen = now()
                WHERE alert_key = \(key) AND status = 'open'
                """) == 1
        }
    }

    /// Alerts by status (`open`, `resolved`, or nil for both), most recently seen first.
    public func list(status: String?, limit: Int = 200) throws -> [Alert] {
        try pool.withConnection { connection in
            try connection.query(
                """
                SELECT alert_key, analysis, check_name, subject, severity, status = 'open', observed, expected,
                    (extract(epoch FROM window_start) * 1000000)::int8, (extract(epoch FROM window_end) * 1000000)::int8,
                    (extract(epoch FROM first_seen) * 1000000)::int8, (extract(epoch FROM last_seen) * 1000000)::int8,
                    (extract(epoch FROM resolved_at) * 1000000)::int8
                FROM analytics.alerts WHERE (\(status)::text IS NULL OR status = \(status))
                ORDER BY last_seen DESC LIMIT \(Int64(limit))
                """
            ).map { row in
                let (key, analysis, check, subject, severity, open, observed, expected, from, to, first, last, resolved) =
                    try row.decode((String, String, String, String, String, Bool, Double, Double, Int64, Int64, Int64, Int64, Int64?).self)
                return Alert(
                    key: key, analysis: analysis, check: check, subject: subject, severity: severity, isOpen: open,
                    observed: observed, expected: expected,
                    window: Timestamp(microsecondsSinceEpoch: from)..<Timestamp(microsecondsSinceEpoch: to),
                    firstSeen: Timestamp(microsecondsSinceEpoch: first), lastSeen: Timestamp(microsecondsSinceEpoch: last),
                    resolvedAt: resolved.map(Timestamp.init(microsecondsSinceEpoch:)))
            }
        }
    }
}
