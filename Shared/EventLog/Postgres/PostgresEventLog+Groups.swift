import SluiceJSON
import SluicePostgres

// Consumer groups. A claim is one short transaction that locks the group's row (so members
// of one group hand out ranges one at a time), lets `ClaimPlanner` decide, and writes the
// decision. Leases use the database clock, so replicas' clocks need not agree.

extension PostgresEventLog {
    public func claim(group: GroupName, topic: TopicName, member: String, maxRecords: Int, lease: Duration)
        throws(EventLogError) -> Claim?
    {
        let info = try topicInfo(topic)
        return try eventLogStep("claim") {
            try connections.withConnection { connection -> Claim? in
                let planned: (first: Int64, last: Int64, expires: Int64, takeover: Bool)? = try connection.withTransaction { _ in
                    // A claim is a lease, not a fact: if a database crash loses it, the range is
                    // claimed again (at-least-once), so its commit need not wait for the disk.
                    // Completing a claim (the committed offset) stays a durable commit.
                    try connection.execute("SET LOCAL synchronous_commit = off")
                    let (committed, now) = try Self.lockGroup(group, topicID: info.id, on: connection)
                    let claims = try Self.loadClaims(group, topicID: info.id, on: connection)
                    let last = try connection.query(
                        "SELECT next_offset - 1 FROM eventlog.topics WHERE topic_id = \(info.id)"
                    ).first { _ in true }?.decode(column: 0, as: Int64.self) ?? 0
                    let plan = ClaimPlanner.plan(
                        committedOffset: committed, claims: claims, lastAvailableOffset: last, maxRecords: maxRecords,
                        now: Timestamp(microsecondsSinceEpoch: now))
                    try Self.applyAdvance(
                        group, topicID: info.id, from: committed, to: plan.committedOffset, deleting: plan.deletedClaims,
                        on: connection)
                    let leaseMicros = Self.microseconds(lease)
                    switch plan.decision {
                    case .idle:
                        return nil
                    case .takeOver(let first, let last):
                        try connection.execute(
                            """
                            UPDATE eventlog.claims SET member = \(member),
                                lease_expires_at = clock_timestamp() + \(leaseMicros) * interval '1 microsecond'
                            WHERE group_name = \(group.rawValue) AND topic_id = \(info.id) AND first_offset = \(first)
                            """)
                        return (first, last, now + leaseMicros, true)
                    case .create(let first, let last):
                        try connection.execute(
                            """
                            INSERT INTO eventlog.claims (group_name, topic_id, first_offset, last_offset, member, lease_expires_at)
                            VALUES (\(group.rawValue), \(info.id), \(first), \(last), \(member),
                                clock_timestamp() + \(leaseMicros) * interval '1 microsecond')
                            """)
                        return (first, last, now + leaseMicros, false)
                    }
                }
                guard let planned else { return nil }
                let records = try Self.readRange(
                    topic: topic, topicID: info.id, from: planned.first, through: planned.last,
                    limit: Int(planned.last - planned.first + 1), on: connection)
                return Claim(
                    group: group, topic: topic, member: member, firstOffset: planned.first, lastOffset: planned.last,
                    leaseExpiresAt: Timestamp(microsecondsSinceEpoch: planned.expires), isTakeover: planned.takeover,
                    records: records)
            }
        }
    }

    public func renew(_ claim: Claim, lease: Duration) throws(EventLogError) -> Claim {
        let info = try topicInfo(claim.topic)
        let expires: Int64? = try eventLogStep("renew") {
            try connections.withConnection { connection in
                try connection.query(
                    """
                    UPDATE eventlog.claims SET lease_expires_at = clock_timestamp() + \(Self.microseconds(lease)) * interval '1 microsecond'
                    WHERE group_name = \(claim.group.rawValue) AND topic_id = \(info.id) AND first_offset = \(claim.firstOffset)
                        AND last_offset = \(claim.lastOffset) AND member = \(claim.member) AND NOT completed
                    RETURNING \(unsafeRaw: micros("lease_expires_at"))
                    """
                ).first { _ in true }?.decode(column: 0, as: Int64.self)
            }
        }
        guard let expires else { throw .leaseLost(group: claim.group, topic: claim.topic, firstOffset: claim.firstOffset) }
        var renewed = claim
        renewed.leaseExpiresAt = Timestamp(microsecondsSinceEpoch: expires)
        return renewed
    }

    public func complete(_ claim: Claim, parking: [ParkedRecord]) throws(EventLogError) {
        let info = try topicInfo(claim.topic)
        try eventLogStep("complete") {
            try connections.withConnection { connection in
                try connection.withTransaction { _ in
                    let (committed, _) = try Self.lockGroup(claim.group, topicID: info.id, on: connection)
                    let owned = try connection.execute(
                        """
                        UPDATE eventlog.claims SET completed = true
                        WHERE group_name = \(claim.group.rawValue) AND topic_id = \(info.id)
                            AND first_offset = \(claim.firstOffset) AND last_offset = \(claim.lastOffset)
                            AND member = \(claim.member) AND NOT completed
                        """)
                    guard owned == 1 else {
                        throw EventLogError.leaseLost(group: claim.group, topic: claim.topic, firstOffset: claim.firstOffset)
                    }
                    for parked in parking {
                        try connection.execute(
                            """
                            INSERT INTO eventlog.dead_letters (group_name, topic_id, "offset", error, attempts)
                            VALUES (\(claim.group.rawValue), \(info.id), \(parked.offset), \(parked.error), \(Int32(clamping: parked.attempts)))
                            ON CONFLICT (group_name, topic_id, "offset") DO UPDATE
                            SET error = EXCLUDED.error, attempts = eventlog.dead_letters.attempts + EXCLUDED.attempts,
                                parked_at = clock_timestamp()
                            """)
                    }
                    let claims = try Self.loadClaims(claim.group, topicID: info.id, on: connection)
                    let advanced = ClaimPlanner.advance(committedOffset: committed, claims: claims)
                    try Self.applyAdvance(
                        claim.group, topicID: info.id, from: committed, to: advanced.committedOffset,
                        deleting: advanced.deleted, on: connection)
                }
            }
        }
        if !parking.isEmpty { metrics?.recordParked(group: claim.group, topic: claim.topic, count: parking.count) }
    }

    public func committedOffset(group: GroupName, topic: TopicName) throws(EventLogError) -> Int64 {
        let info = try topicInfo(topic)
        return try eventLogStep("committed offset") {
            try connections.withConnection { connection in
                try connection.query(
                    """
                    SELECT committed_offset FROM eventlog.groups WHERE group_name = \(group.rawValue) AND topic_id = \(info.id)
                    """
                ).first { _ in true }?.decode(column: 0, as: Int64.self) ?? 0
            }
        }
    }

    /// Seeking by time scans the topic's offset index from the start until the first record
    /// appended at or after the instant (appended_at grows with the offset); fine for an
    /// operator's replay, not for a hot path.
    public func seek(group: GroupName, topic: TopicName, to target: SeekTarget) throws(EventLogError) {
        let info = try topicInfo(topic)
        try eventLogStep("seek") {
            try connections.withConnection { connection in
                try connection.withTransaction { _ in
                    _ = try Self.lockGroup(group, topicID: info.id, on: connection)
                    let last = try connection.query(
                        "SELECT next_offset - 1 FROM eventlog.topics WHERE topic_id = \(info.id)"
                    ).first { _ in true }?.decode(column: 0, as: Int64.self) ?? 0
                    let position: Int64
                    switch target {
                    case .afterOffset(let offset): position = min(max(0, offset), last)
                    case .end: position = last
                    case .time(let time):
                        let first = try connection.query(
                            """
                            SELECT "offset" FROM eventlog.records
                            WHERE topic_id = \(info.id) AND appended_at >= \(time.rfc3339)::timestamptz
                            ORDER BY "offset" LIMIT 1
                            """
                        ).first { _ in true }?.decode(column: 0, as: Int64.self)
                        position = first.map { $0 - 1 } ?? last
                    }
                    try connection.execute(
                        "DELETE FROM eventlog.claims WHERE group_name = \(group.rawValue) AND topic_id = \(info.id)")
                    try connection.execute(
                        """
                        UPDATE eventlog.groups SET committed_offset = \(position), updated_at = clock_timestamp()
                        WHERE group_name = \(group.rawValue) AND topic_id = \(info.id)
                        """)
                }
            }
        }
    }

    /// Every group with its topic, committed offset and lag (for the lag gauge and dashboards).
    public func groupPositions() throws(EventLogError)
        -> [(group: GroupName, topic: TopicName, committedOffset: Int64, lag: Int64)]
    {
        try eventLogStep("group positions") {
            try connections.withConnection { connection in
                try connection.query(
                    """
                    SELECT g.group_name, t.name, g.committed_offset, greatest(0, t.next_offset - 1 - g.committed_offset)
                    FROM eventlog.groups g JOIN eventlog.topics t USING (topic_id) ORDER BY 1, 2
                    """
                ).compactMap { row in
                    let (group, topic, committed, lag) = try row.decode((String, String, Int64, Int64).self)
                    guard let group = GroupName(group), let topic = TopicName(topic) else { return nil }
                    return (group, topic, committed, lag)
                }
            }
        }
    }

    // MARK: - Helpers

    /// Creates the group's row when missing, locks it, and returns its committed offset and
    /// the database clock in microseconds.
    static func lockGroup(_ group: GroupName, topicID: Int32, on connection: PostgresConnection) throws -> (Int64, Int64) {
        try connection.execute(
            """
            INSERT INTO eventlog.groups (group_name, topic_id) VALUES (\(group.rawValue), \(topicID))
            ON CONFLICT (group_name, topic_id) DO NOTHING
            """)
        let row = try connection.query(
            """
            SELECT committed_offset, \(unsafeRaw: micros("clock_timestamp()")) FROM eventlog.groups
            WHERE group_name = \(group.rawValue) AND topic_id = \(topicID) FOR UPDATE
            """
        ).first { _ in true }
        guard let row else { throw EventLogError.storage("lock group: row missing") }
        return try row.decode((Int64, Int64).self)
    }

    static func loadClaims(_ group: GroupName, topicID: Int32, on connection: PostgresConnection) throws -> [ClaimRow] {
        try connection.query(
            """
            SELECT first_offset, last_offset, member, \(unsafeRaw: micros("lease_expires_at")), completed
            FROM eventlog.claims WHERE group_name = \(group.rawValue) AND topic_id = \(topicID)
            """
        ).map { row in
            let (first, last, member, expires, completed) = try row.decode((Int64, Int64, String, Int64, Bool).self)
            return ClaimRow(
                firstOffset: first, lastOffset: last, member: member,
                leaseExpiresAt: Timestamp(microsecondsSinceEpoch: expires), completed: completed)
        }
    }

    static func applyAdvance(
        _ group: GroupName, topicID: Int32, from committed: Int64, to newCommitted: Int64, deleting: [Int64],
        on connection: PostgresConnection
    ) throws {
        if !deleting.isEmpty {
            try connection.execute(
                """
                DELETE FROM eventlog.claims
                WHERE group_name = \(group.rawValue) AND topic_id = \(topicID) AND first_offset = ANY(\(deleting))
                """)
        }
        if newCommitted != committed {
            try connection.execute(
                """
                UPDATE eventlog.groups SET committed_offset = \(newCommitted), updated_at = clock_timestamp()
                WHERE group_name = \(group.rawValue) AND topic_id = \(topicID)
                """)
        }
    }

    static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
