import SluiceEventLog
import SluiceJSON
import SluicePostgres

/// Queues the rebuild of an analysis's history (a new analysis, or a new version) and hands
/// that history over from the topic's consumer to the run, so that it is computed once.
///
/// The consumer group `analytics` keeps one position per topic. When a topic gets its first
/// active analysis, that position may be far behind (0 for a topic never analysed, or where a
/// retired analysis left it): the consumer would recompute every window of the history in
/// claims of 10,000 records while the rebuild run computes the same windows again, newest first.
/// So, when no other active analysis reads the topic, the handover is:
///
/// 1. `L` = the topic's last offset. Offsets are given in commit order, so every record up to
///    `L` is committed and visible now.
/// 2. The run's range: the event-time bounds of every record stored now, so it covers every
///    window of a record up to `L` (and maybe a few after it: those are computed twice, harmless).
/// 3. The run is queued (or an open run of the same version that covers the range is shared;
///    one that covers less leaves the group alone).
/// 4. The group is moved forward to `L` (never back): records after `L` are the consumer's.
///
/// `declare` does it all in the transaction that declares the analysis, and moves the group
/// just before that transaction commits: the consumer never sees the new analysis with a
/// position before `L`, and if the commit fails, neither the analysis nor its run exists and the
/// move concerns nobody (no other analysis reads the topic). `queue`, for an analysis already
/// declared, commits the run first and moves the group after it, so that whichever step fails,
/// the consumer still covers everything from its old position.
///
/// Both run under a transaction-level advisory lock per topic, so two analyses declared together
/// on a new topic cannot interleave: the second sees the first (no move) and measures its range
/// after the first moved the group. With another active analysis on the topic the group is left
/// alone: it already serves that analysis, and the run alone covers the history. The lock's
/// transaction keeps one pooled connection while the event log borrows another, so this needs a
/// pool of two connections.
public struct HistoryRebuilds: Sendable {
    public let pool: PostgresPool
    public let log: any EventLog
    public let runs: RunStore

    public init(pool: PostgresPool, log: any EventLog, runs: RunStore) {
        self.pool = pool
        self.log = log
        self.runs = runs
    }

    /// What a rebuild request did.
    public struct Outcome: Sendable {
        /// The rebuild run; nil when nothing was rebuilt (unchanged, or no events yet).
        public var run: Run?
        /// Where the consumer group was moved to (step 4), or nil when it was left alone.
        public var consumerMovedTo: Int64?
    }

    /// Declares `name` (`AnalysisStore.put`) and, when it is new or changed, queues the rebuild
    /// of its history, handing the history over when it is the topic's only active analysis.
    public func declare(name: String, definition: AnalysisDefinition) throws
        -> (analysis: Analysis, outcome: AnalysisStore.PutOutcome, rebuild: Outcome)
    {
        try pool.withTransaction { connection in
            try Self.lock(topic: definition.topic, on: connection)
            let (analysis, outcome) = try AnalysisStore.put(name: name, definition: definition, on: connection)
            guard outcome != .unchanged else { return (analysis, outcome, Outcome()) }
            let (last, range) = try measure(analysis, on: connection)
            var rebuild = Outcome()
            if let range {
                let run = try RunStore.request(analysis: analysis, range: range, reason: "new-version", on: connection).run
                rebuild.run = run
                rebuild.consumerMovedTo = try move(analysis, to: last, history: range, run: run)
            }
            return (analysis, outcome, rebuild)
        }
    }

    /// Queues a rebuild of the topic's whole history (newest windows first) for `analysis`,
    /// already declared, handing the history over when it is the topic's only active analysis.
    public func queue(_ analysis: Analysis) throws -> Outcome {
        try pool.withTransaction { connection in
            try Self.lock(topic: analysis.definition.topic, on: connection)
            let (last, range) = try measure(analysis, on: connection)
            var rebuild = Outcome()
            if let range {
                let run = try runs.request(analysis: analysis, range: range, reason: "new-version").run
                rebuild.run = run
                rebuild.consumerMovedTo = try move(analysis, to: last, history: range, run: run)
            }
            return rebuild
        }
    }

    /// Steps 1 and 2: the topic's last offset when `analysis` is its only active one, and the
    /// event-time range of the records stored now (nil without records).
    private func measure(_ analysis: Analysis, on connection: PostgresConnection) throws
        -> (last: Int64?, range: Range<Timestamp>?)
    {
        let topic = analysis.definition.topic
        let alone = try AnalysisStore.list(topic: topic, on: connection).allSatisfy { $0.name == analysis.name }
        let last: Int64? = alone ? try TopicName(topic).map { try log.lastOffset(topic: $0) } : nil
        return (last, try Self.eventTimeBounds(topic: topic, on: connection))
    }

    /// Step 4, when the run covers the whole history (`range`, widened to whole windows): moves
    /// the group forward to `last`.
    private func move(_ analysis: Analysis, to last: Int64?, history range: Range<Timestamp>, run: Run) throws -> Int64? {
        guard let last, let topic = TopicName(analysis.definition.topic) else { return nil }
        let needed = analysis.definition.window.widen(range)
        guard run.range.lowerBound <= needed.lowerBound, run.range.upperBound >= needed.upperBound,
            try log.committedOffset(group: TopicConsumer.group, topic: topic) < last
        else { return nil }
        try log.seek(group: TopicConsumer.group, topic: topic, to: .afterOffset(last))
        return last
    }

    private static func lock(topic: String, on connection: PostgresConnection) throws {
        _ = try connection.query("SELECT pg_advisory_xact_lock(hashtext('sluice.analytics.history'), hashtext(\(topic)))")
    }

    /// `[first event time, last event time]` of the topic's stored records, as a half-open range.
    static func eventTimeBounds(topic: String, on connection: PostgresConnection) throws -> Range<Timestamp>? {
        guard let topicID = try WindowComputer.topicID(topic, on: connection) else { return nil }
        guard
            let row = try connection.query(
                """
                SELECT (extract(epoch FROM min(time)) * 1000000)::int8, (extract(epoch FROM max(time)) * 1000000)::int8
                FROM eventlog.records WHERE topic_id = \(topicID)
                """
            ).first
        else { return nil }
        let (low, high) = try row.decode((Int64?, Int64?).self)
        guard let low, let high else { return nil }
        return Timestamp(microsecondsSinceEpoch: low)..<Timestamp(microsecondsSinceEpoch: high + 1)
    }
}
