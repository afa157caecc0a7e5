import SluiceJSON
import SluicePostgres

// Partition maintenance. DDL here is SQL text built only from `PartitionName` (integers and
// dates), never from input strings.
//
// Creating a partition never blocks appends for long: the table is created standalone with
// a CHECK constraint matching its bounds (so ATTACH skips the validation scan), indexed while
// still empty and private, then attached; ATTACH PARTITION takes only SHARE UPDATE EXCLUSIVE
// on `eventlog.records`, which does not conflict with INSERTs. Dropping uses DETACH PARTITION
// ... CONCURRENTLY (no ACCESS EXCLUSIVE lock on the parent), then DROP TABLE on the detached
// table, which no append can reach any more.

extension PostgresEventLog {
    /// Creates the partitions a batch with these event times needs; throws
    /// `.outsideRetention` for a time older than the topic keeps. Returns the partitions this
    /// call created (or found created by another process).
    @discardableResult
    func ensurePartitions(topic: TopicName, info: TopicInfo, times: [Timestamp]) throws(EventLogError) -> Set<PartitionName> {
        let today = now().calendarDate.daysSinceEpoch
        var missing: Set<PartitionName> = []
        var checkedDays: Set<Int64> = []
        for time in times {
            let partition = PartitionName(topicID: info.id, time: time)
            guard checkedDays.insert(partition.day).inserted else { continue }
            guard retentionPlanner.isRetained(day: partition.day, today: today, retentionDays: info.retentionDays) else {
                throw .outsideRetention(topic: topic, time: time.rfc3339)
            }
            if !knownPartitions.withLock({ $0.contains(partition) }) { missing.insert(partition) }
        }
        guard !missing.isEmpty else { return [] }
        try eventLogStep("create partitions") {
            try connections.withConnection { connection in
                for partition in missing.sorted() { try Self.createPartition(partition, on: connection) }
            }
        }
        knownPartitions.withLock { $0.formUnion(missing) }
        return missing
    }

    /// Makes a transaction that may already have used `eventlog.records` see partitions
    /// attached since by another connection.
    ///
    /// Why: PostgreSQL reloads a table's partition list when it processes invalidation
    /// messages, which it does when a statement takes a lock it does not hold yet. A
    /// transaction that already appended (to any topic) holds its lock on `eventlog.records`,
    /// so its next INSERT would route with the old list and fail with "no partition of
    /// relation found" (SQLSTATE 23514). Locking each new partition is such a new lock.
    static func seePartitions(_ partitions: Set<PartitionName>, on connection: PostgresConnection) throws {
        for partition in partitions.sorted() {
            try connection.executeScript("LOCK TABLE \(unsafeRaw: partition.qualifiedName) IN ROW EXCLUSIVE MODE")
        }
    }

    /// Creates yesterday's to `daysAhead` days' partitions of `topic`.
    func preparePartitions(topic: TopicName, info: TopicInfo) throws(EventLogError) {
        let today = now().calendarDate.daysSinceEpoch
        let days = retentionPlanner.daysToPrepare(today: today, retentionDays: info.retentionDays)
        try ensurePartitions(
            topic: topic, info: info, times: days.map { CalendarDate(daysSinceEpoch: $0).startOfDay })
    }

    /// Creates and attaches one partition unless it exists; safe to race with other processes.
    static func createPartition(_ partition: PartitionName, on connection: PostgresConnection) throws {
        try connection.withTransaction { _ in
            // A bounded wait: an append that needs a new day while maintenance detaches an old
            // one (DETACH ... CONCURRENTLY waits for the appender's open transaction) must fail
            // and be retried rather than wait for each other forever.
            try connection.execute("SET LOCAL lock_timeout = '5s'")
            // One partition creator at a time across processes; others then see it exists.
            try connection.query("SELECT pg_advisory_xact_lock(\(Int64(0x5e1_0c_0001)))")
            let exists = try connection.query(
                "SELECT to_regclass(\(partition.qualifiedName)) IS NOT NULL"
            ).first { _ in true }?.decode(column: 0, as: Bool.self) ?? false
            if exists { return }
            let table = partition.qualifiedName
            let name = partition.tableName
            let (lower, upper) = (partition.lowerBoundLiteral, partition.upperBoundLiteral)
            try connection.executeScript(
                """
                CREATE TABLE \(unsafeRaw: table) (LIKE eventlog.records INCLUDING DEFAULTS,
                    CONSTRAINT \(unsafeRaw: name)_bound CHECK (topic_id = \(unsafeRaw: String(partition.topicID))
                        AND time >= \(unsafeRaw: lower) AND time < \(unsafeRaw: upper)));
                CREATE INDEX \(unsafeRaw: name)_offset ON \(unsafeRaw: table) (topic_id, "offset");
                ALTER TABLE eventlog.records ATTACH PARTITION \(unsafeRaw: table)
                    FOR VALUES FROM (\(unsafeRaw: String(partition.topicID)), \(unsafeRaw: lower))
                    TO (\(unsafeRaw: String(partition.topicID)), \(unsafeRaw: upper));
                ALTER TABLE \(unsafeRaw: table) DROP CONSTRAINT \(unsafeRaw: name)_bound;
                """)
        }
    }

    /// The partitions that exist (attached or being detached).
    func existingPartitions(on connection: PostgresConnection) throws -> [PartitionName] {
        try connection.query(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'eventlog' AND c.relkind = 'r' AND c.relname LIKE 'records\\_t%\\_d%'
            """
        ).compactMap { row in PartitionName(tableName: try row.decode(column: 0, as: String.self)) }
    }

    /// Drops the partitions retention no longer keeps, creates the ones needed ahead, and
    /// forgets the dropped records' ids. Runs in one process at a time (others return at
    /// once); never blocks appends for more than a moment. Returns the partitions dropped.
    @discardableResult
    public func runMaintenance() throws(EventLogError) -> [PartitionName] {
        let today = now().calendarDate.daysSinceEpoch
        forgetCachedTopics()
        let topics = try listTopics()
        var dropped: [PartitionName] = []
        try eventLogStep("maintenance") {
            try connections.withConnection { connection in
                let locked = try connection.query(
                    "SELECT pg_try_advisory_lock(\(Int64(0x5e1_0c_0002)))"
                ).first { _ in true }?.decode(column: 0, as: Bool.self) ?? false
                guard locked else { return }
                defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Int64(0x5e1_0c_0002)))") }
                let existing = try existingPartitions(on: connection)
                for (topic, retentionDays, _) in topics {
                    let info = try topicInfo(topic, on: connection)
                    let days = existing.filter { $0.topicID == info.id }.map(\.day)
                    for day in retentionPlanner.daysToDrop(existing: days, today: today, retentionDays: retentionDays) {
                        let partition = PartitionName(topicID: info.id, day: day)
                        try Self.dropPartition(partition, on: connection)
                        knownPartitions.withLock { _ = $0.remove(partition) }
                        dropped.append(partition)
                    }
                    if let oldest = retentionPlanner.oldestRetainedDay(today: today, retentionDays: retentionDays) {
                        try Self.forgetIDs(topicID: info.id, before: CalendarDate(daysSinceEpoch: oldest).startOfDay, on: connection)
                    }
                }
            }
        }
        for (topic, _, _) in topics { try preparePartitions(topic: topic, info: try topicInfo(topic)) }
        return dropped
    }

    static func dropPartition(_ partition: PartitionName, on connection: PostgresConnection) throws {
        let table = partition.qualifiedName
        let pending = try connection.query(
            """
            SELECT i.inhdetachpending FROM pg_inherits i
            WHERE i.inhrelid = to_regclass(\(table)) AND i.inhparent = 'eventlog.records'::regclass
            """
        ).first { _ in true }?.decode(column: 0, as: Bool.self)
        switch pending {
        case .some(false):
            try connection.executeScript("ALTER TABLE eventlog.records DETACH PARTITION \(unsafeRaw: table) CONCURRENTLY")
        case .some(true):  // an earlier detach was interrupted
            try connection.executeScript("ALTER TABLE eventlog.records DETACH PARTITION \(unsafeRaw: table) FINALIZE")
        case .none:
            break
        }
        try connection.executeScript("DROP TABLE IF EXISTS \(unsafeRaw: table)")
    }

    /// Deletes dedup ids of records older than `cutoff` in one statement (a sequential scan;
    /// it runs once per maintenance pass). It locks only the old rows, which appends of new
    /// records never touch, so appends go on meanwhile.
    static func forgetIDs(topicID: Int32, before cutoff: Timestamp, on connection: PostgresConnection) throws {
        try connection.execute(
            "DELETE FROM eventlog.record_ids WHERE topic_id = \(topicID) AND time < \(cutoff.rfc3339)::timestamptz")
    }
}
