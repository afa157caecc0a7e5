import SluiceJSON

/// Sluice's durable, ordered, replayable log with Kafka's semantics.
///
/// - Topics hold records at offsets 1, 2, 3, ... without gaps, in commit order.
/// - Appends are idempotent per record id: a record whose id the topic already holds is
///   reported as a duplicate and not stored again.
/// - Consumer groups read from their committed offset and commit explicitly after handling
///   (at-least-once); members of one group share a topic by leasing offset ranges (`claim`).
/// - Records a handler keeps failing on are parked as dead letters and can be replayed.
///
/// `PostgresEventLog` is the default engine (and adds appends inside a caller's transaction);
/// the protocol exists so another engine (NATS JetStream, Kafka) can carry the log later.
/// All calls block the calling thread.
public protocol EventLog: Sendable {
    /// Creates the topic when missing and sets its retention. Idempotent.
    func createTopic(_ topic: TopicName, retention: RetentionPolicy) throws(EventLogError)

    /// Appends `records` to `topic` atomically and reports, per input record in order, its
    /// offset or that it was a duplicate.
    func append(_ records: [AppendRecord], to topic: TopicName) throws(EventLogError) -> AppendResult

    /// Up to `limit` records with offsets greater than `offset`, ascending.
    func read(topic: TopicName, after offset: Int64, limit: Int) throws(EventLogError) -> [LogRecord]

    /// Up to `limit` records whose event time is in `[from, to)` and whose offset is greater
    /// than `offset`, ascending by offset (page with the last offset returned).
    func read(topic: TopicName, timeRange: Range<Timestamp>, after offset: Int64, limit: Int) throws(EventLogError)
        -> [LogRecord]

    /// The highest committed offset of the topic (0 when empty).
    func lastOffset(topic: TopicName) throws(EventLogError) -> Int64

    /// Leases the next range of at most `maxRecords` unhandled records for `member`, taking
    /// over a range whose lease expired first; nil when there is nothing to do.
    func claim(group: GroupName, topic: TopicName, member: String, maxRecords: Int, lease: Duration)
        throws(EventLogError) -> Claim?

    /// Extends the claim's lease by `lease` from now; throws `.leaseLost` when it is no longer held.
    func renew(_ claim: Claim, lease: Duration) throws(EventLogError) -> Claim

    /// Marks the claim handled, parks `parking`, and advances the group's committed offset over
    /// contiguous completed claims, in one step. Throws `.leaseLost` when another member took
    /// the range over or the group was moved by `seek`.
    func complete(_ claim: Claim, parking: [ParkedRecord]) throws(EventLogError)

    /// The group's committed offset: every record up to it has been handled (0 initially).
    func committedOffset(group: GroupName, topic: TopicName) throws(EventLogError) -> Int64

    /// Moves the group's position and drops its outstanding claims.
    func seek(group: GroupName, topic: TopicName, to target: SeekTarget) throws(EventLogError)

    /// Parked records of the group, ascending by offset, at most `limit`.
    func deadLetters(group: GroupName, topic: TopicName, limit: Int) throws(EventLogError) -> [DeadLetter]

    /// Records another failed attempt of a parked record (a failed replay).
    func recordDeadLetterFailure(group: GroupName, topic: TopicName, offset: Int64, error: String)
        throws(EventLogError)

    /// Removes parked records (after a successful replay, or to discard them).
    func removeDeadLetters(group: GroupName, topic: TopicName, offsets: [Int64]) throws(EventLogError)
}

extension EventLog {
    /// Appends one record.
    public func append(_ record: AppendRecord, to topic: TopicName) throws(EventLogError) -> AppendOutcome {
        try append([record], to: topic).outcomes[0]
    }

    /// How many committed records the group has not handled yet.
    public func lag(group: GroupName, topic: TopicName) throws(EventLogError) -> Int64 {
        let last = try lastOffset(topic: topic)
        return max(0, last - (try committedOffset(group: group, topic: topic)))
    }
}
