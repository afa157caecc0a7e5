import Synchronization
import SluiceJSON

/// An event log in process memory with the same semantics as `PostgresEventLog` (offsets,
/// duplicates, groups with leases, dead letters, seek), for services' unit tests.
///
/// Not durable and not shared between processes; every guarantee the pipeline relies on is
/// tested against PostgreSQL. Appends raise its `AppendNotifier` signals at once.
public final class InMemoryEventLog: EventLog, AppendNotifier {
    struct Topic {
        var retention: RetentionPolicy
        var records: [LogRecord] = []
        var offsetsByID: [String: Int64] = [:]
    }

    struct Group {
        var committed: Int64 = 0
        var claims: [Int64: ClaimRow] = [:]
        var deadLetters: [Int64: (error: String, attempts: Int, parkedAt: Timestamp)] = [:]
    }

    struct State {
        var topics: [TopicName: Topic] = [:]
        var groups: [GroupKey: Group] = [:]
        var subscribers: [TopicName: [WakeupSignal]] = [:]
    }

    struct GroupKey: Hashable {
        var group: GroupName
        var topic: TopicName
    }

    private let state = Mutex(State())
    private let now: @Sendable () -> Timestamp

    public init(now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) {
        self.now = now
    }

    public func createTopic(_ topic: TopicName, retention: RetentionPolicy) throws(EventLogError) {
        state.withLock { state in
            if state.topics[topic] == nil { state.topics[topic] = Topic(retention: retention) }
            state.topics[topic]?.retention = retention
        }
    }

    public func append(_ records: [AppendRecord], to topic: TopicName) throws(EventLogError) -> AppendResult {
        for record in records where !RecordID.isValid(record.id) { throw .invalidRecordID(record.id) }
        let appendedAt = now()
        let (result, signals): (Result<AppendResult, EventLogError>, [WakeupSignal]) = state.withLock { state in
            guard var stored = state.topics[topic] else { return (.failure(.unknownTopic(topic)), []) }
            let plan = AppendPlan(
                ids: records.map(\.id), nextOffset: Int64(stored.records.count) + 1, existing: stored.offsetsByID)
            for (index, offset) in zip(plan.insertIndices, plan.insertOffsets) {
                let input = records[index]
                stored.records.append(
                    LogRecord(
                        topic: topic, offset: offset, id: input.id, time: input.time, appendedAt: appendedAt,
                        payload: input.payload, attributes: input.attributes))
                stored.offsetsByID[input.id] = offset
            }
            state.topics[topic] = stored
            return (.success(AppendResult(outcomes: plan.outcomes)), state.subscribers[topic] ?? [])
        }
        signals.forEach { $0.signal() }
        return try result.get()
    }

    public func read(topic: TopicName, after offset: Int64, limit: Int) throws(EventLogError) -> [LogRecord] {
        let records = try storedRecords(topic)
        return Array(records.drop { $0.offset <= offset }.prefix(max(0, limit)))
    }

    public func read(topic: TopicName, timeRange: Range<Timestamp>, after offset: Int64, limit: Int)
        throws(EventLogError) -> [LogRecord]
    {
        let records = try storedRecords(topic)
        return Array(records.lazy.filter { $0.offset > offset && timeRange.contains($0.time) }.prefix(max(0, limit)))
    }

    public func lastOffset(topic: TopicName) throws(EventLogError) -> Int64 {
        Int64(try storedRecords(topic).count)
    }

    public func claim(group: GroupName, topic: TopicName, member: String, maxRecords: Int, lease: Duration)
        throws(EventLogError) -> Claim?
    {
        let records = try storedRecords(topic)
        let current = now()
        let expires = Timestamp(microsecondsSinceEpoch: current.microsecondsSinceEpoch + Self.micros(lease))
        let key = GroupKey(group: group, topic: topic)
        let range: (Int64, Int64, Bool)? = state.withLock { state in
            var entry = state.groups[key] ?? Group()
            defer { state.groups[key] = entry }
            let plan = ClaimPlanner.plan(
                committedOffset: entry.committed, claims: Array(entry.claims.values),
                lastAvailableOffset: Int64(records.count), maxRecords: maxRecords, now: current)
            entry.committed = plan.committedOffset
            for first in plan.deletedClaims { entry.claims[first] = nil }
            switch plan.decision {
            case .idle: return nil
            case .takeOver(let first, let last), .create(let first, let last):
                let isTakeover = entry.claims[first] != nil
                entry.claims[first] = ClaimRow(
                    firstOffset: first, lastOffset: last, member: member, leaseExpiresAt: expires, completed: false)
                return (first, last, isTakeover)
            }
        }
        guard let (first, last, isTakeover) = range else { return nil }
        return Claim(
            group: group, topic: topic, member: member, firstOffset: first, lastOffset: last, leaseExpiresAt: expires,
            isTakeover: isTakeover, records: Array(records[Int(first - 1)..<Int(last)]))
    }

    public func renew(_ claim: Claim, lease: Duration) throws(EventLogError) -> Claim {
        let expires = Timestamp(microsecondsSinceEpoch: now().microsecondsSinceEpoch + Self.micros(lease))
        let renewed: Bool = state.withLock { state in
            let key = GroupKey(group: claim.group, topic: claim.topic)
            guard let row = state.groups[key]?.claims[claim.firstOffset], row.member == claim.member, !row.completed
            else { return false }
            state.groups[key]?.claims[claim.firstOffset]?.leaseExpiresAt = expires
            return true
        }
        guard renewed else { throw .leaseLost(group: claim.group, topic: claim.topic, firstOffset: claim.firstOffset) }
        var copy = claim
        copy.leaseExpiresAt = expires
        return copy
    }

    public func complete(_ claim: Claim, parking: [ParkedRecord]) throws(EventLogError) {
        let parkedAt = now()
        let completed: Bool = state.withLock { state in
            let key = GroupKey(group: claim.group, topic: claim.topic)
            guard var entry = state.groups[key], let row = entry.claims[claim.firstOffset],
                row.member == claim.member, row.lastOffset == claim.lastOffset, !row.completed
            else { return false }
            entry.claims[claim.firstOffset]?.completed = true
            for parked in parking {
                let attempts = (entry.deadLetters[parked.offset]?.attempts ?? 0) + parked.attempts
                entry.deadLetters[parked.offset] = (parked.error, attempts, parkedAt)
            }
            let advanced = ClaimPlanner.advance(committedOffset: entry.committed, claims: Array(entry.claims.values))
            entry.committed = advanced.committedOffset
            for first in advanced.deleted { entry.claims[first] = nil }
            state.groups[key] = entry
            return true
        }
        guard completed else { throw .leaseLost(group: claim.group, topic: claim.topic, firstOffset: claim.firstOffset) }
    }

    public func committedOffset(group: GroupName, topic: TopicName) throws(EventLogError) -> Int64 {
        _ = try storedRecords(topic)
        return state.withLock { $0.groups[GroupKey(group: group, topic: topic)]?.committed ?? 0 }
    }

    public func seek(group: GroupName, topic: TopicName, to target: SeekTarget) throws(EventLogError) {
        let records = try storedRecords(topic)
        let last = Int64(records.count)
        let position: Int64
        switch target {
        case .afterOffset(let offset): position = min(max(0, offset), last)
        case .end: position = last
        case .time(let time): position = (records.first { $0.appendedAt >= time }?.offset).map { $0 - 1 } ?? last
        }
        state.withLock { state in
            let key = GroupKey(group: group, topic: topic)
            var entry = state.groups[key] ?? Group()
            entry.committed = position
            entry.claims = [:]
            state.groups[key] = entry
        }
    }

    public func deadLetters(group: GroupName, topic: TopicName, limit: Int) throws(EventLogError) -> [DeadLetter] {
        let records = try storedRecords(topic)
        let letters = state.withLock { $0.groups[GroupKey(group: group, topic: topic)]?.deadLetters ?? [:] }
        return letters.keys.sorted().prefix(max(0, limit)).map { offset in
            let letter = letters[offset]!
            return DeadLetter(
                group: group, topic: topic, offset: offset, error: letter.error, attempts: letter.attempts,
                parkedAt: letter.parkedAt, record: records[Int(offset - 1)])
        }
    }

    public func recordDeadLetterFailure(group: GroupName, topic: TopicName, offset: Int64, error: String)
        throws(EventLogError)
    {
        let parkedAt = now()
        state.withLock { state in
            let key = GroupKey(group: group, topic: topic)
            guard let letter = state.groups[key]?.deadLetters[offset] else { return }
            state.groups[key]?.deadLetters[offset] = (error, letter.attempts + 1, parkedAt)
        }
    }

    public func removeDeadLetters(group: GroupName, topic: TopicName, offsets: [Int64]) throws(EventLogError) {
        state.withLock { state in
            for offset in offsets { state.groups[GroupKey(group: group, topic: topic)]?.deadLetters[offset] = nil }
        }
    }

    // MARK: - AppendNotifier

    public func subscribe(topic: TopicName) -> WakeupSignal {
        let signal = WakeupSignal()
        state.withLock { $0.subscribers[topic, default: []].append(signal) }
        return signal
    }

    public func unsubscribe(_ signal: WakeupSignal) {
        state.withLock { state in
            for topic in state.subscribers.keys { state.subscribers[topic]?.removeAll { $0 === signal } }
        }
    }

    // MARK: - Helpers

    private func storedRecords(_ topic: TopicName) throws(EventLogError) -> [LogRecord] {
        guard let records = state.withLock({ $0.topics[topic]?.records }) else { throw .unknownTopic(topic) }
        return records
    }

    static func micros(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
