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
/// So, when no other active analysis reads the topic, the handover is, in this order:
///
/// 1. `L` = the topic's last offset. Offsets are given in commit order, so every record up to
///    `L` is committed and visible now.
/// 2. The run's range: the event-time bounds of every record stored now, so it covers every
///    window of a record up to `L` (and maybe a few after it: those are computed twice, harmless).
/// 3. The run is queued (or an open run of the same version that covers the range is shared;
///    one that covers less leaves the group alone).
/// 4. Only then the group is moved forward to `L` (never back): records after `L` are the
///    consumer's. Nothing is missed whichever step fails: before 4, the consumer still covers
///    everything from its old position.
///
/// Steps 1-4 of one topic run under a transaction-level advisory lock, so two analyses declared
/// together on a new topic cannot interleave: the second sees the first (no move) and measures
/// its range after the first moved the group. With another active analysis on the topic the
/// group is left alone: it already serves that analysis, and the run alone covers the history.
/// The lock's transaction keeps one pooled connection while the steps borrow another (the
/// event log and the run store take their own), so this needs a pool of two connections.
public struct HistoryRebuilds: Sendable {
    public let pool: PostgresPool
    public let log: any EventLog
    public let analyses: AnalysisStore
    public let runs: RunStore

    public init(pool: PostgresPool, log: any EventLog, analyses: AnalysisStore, runs: RunStore) {
        self.pool = pool
        self.log = log
        self.analyses = analyses
        self.runs = runs
    }

    /// What `queue` did.
    public struct Outcome: Sendable {
        /// The rebuild run; nil when the topic has no events yet.
        public var run: Run?
        /// Where the consumer group was moved to (step 4), or nil when it was left alone.
        public var consumerMovedTo: Int64?
    }

    /// Queues a rebuild of the topic's whole history (newest windows first) for `analysis`,
    /// moving the topic's consumer past that history when `analysis` is its only active one.
    public func queue(_ analysis: Analysis) throws -> Outcome {
        let topicText = analysis.definition.topic
        return try pool.withTransaction { connection in
            _ = try connection.query(
                "SELECT pg_advisory_xact_lock(hashtext('sluice.analytics.history'), hashtext(\(topicText)))")
            let topic = TopicName(topicText)
            let alone = try analyses.list(topic: topicText).allSatisfy { $0.name == analysis.name }
            let last: Int64? = alone ? try topic.map { try log.lastOffset(topic: $0) } : nil
            var outcome = Outcome()
            // The history is the run's only when the run covers all of it (a request shares an
            // open run of the same version, which may cover less).
            var covered = true
            if let range = try Self.eventTimeBounds(topic: topicText, on: connection) {
                let run = try runs.request(analysis: analysis, range: range, reason: "new-version").run
                let needed = analysis.definition.window.widen(range)
                covered = run.range.lowerBound <= needed.lowerBound && run.range.upperBound >= needed.upperBound
                outcome.run = run
            }
            if covered, let topic, let last, try log.committedOffset(group: TopicConsumer.group, topic: topic) < last {
                try log.seek(group: TopicConsumer.group, topic: topic, to: .afterOffset(last))
                outcome.consumerMovedTo = last
            }
            return outcome
        }
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
