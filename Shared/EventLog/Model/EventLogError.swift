/// What the event log reports when it refuses or fails an operation.
///
/// Database failures surface as `.storage` with the underlying error's description (which the
/// PostgreSQL layer keeps free of parameters and secrets).
public enum EventLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The topic name breaks `TopicName`'s rule.
    case invalidTopicName(String)
    /// The group name breaks `GroupName`'s rule.
    case invalidGroupName(String)
    /// The topic has not been created (`createTopic`).
    case unknownTopic(TopicName)
    /// A record id is empty or longer than `RecordID.maximumLength` bytes.
    case invalidRecordID(String)
    /// The record's time falls on a day older than the topic's retention keeps.
    case outsideRetention(topic: TopicName, time: String)
    /// The claim's lease expired and another member took the offsets over; the records may be
    /// handled again by that member (at-least-once).
    case leaseLost(group: GroupName, topic: TopicName, firstOffset: Int64)
    /// A batch is larger than `maximumBatchSize`.
    case batchTooLarge(count: Int, maximum: Int)
    /// The database cannot be reached right now (answer 503 + Retry-After); `detail` names the step.
    case unavailable(String)
    /// PostgreSQL rolled the transaction back to resolve a deadlock or a serialization
    /// failure (SQLSTATE 40P01, 40001): nothing of it was stored, and retrying the whole
    /// transaction is expected to succeed.
    case conflict(String)
    /// The storage engine failed; `detail` names the step and the generic error.
    case storage(String)

    public var description: String {
        switch self {
        case .invalidTopicName(let name):
            return "invalid topic name '\(name.prefix(100))': expected 1-100 of a-z 0-9 _ . - starting with a letter"
        case .invalidGroupName(let name):
            return "invalid group name '\(name.prefix(100))': expected 1-100 of a-z 0-9 _ . - starting with a letter"
        case .unknownTopic(let topic): return "unknown topic '\(topic)'"
        case .invalidRecordID(let id): return "invalid record id '\(id.prefix(64))': expected 1-\(RecordID.maximumLength) bytes"
        case .outsideRetention(let topic, let time): return "record time \(time) is older than topic '\(topic)' retains"
        case .leaseLost(let group, let topic, let first):
            return "group '\(group)' lost its lease on topic '\(topic)' from offset \(first)"
        case .batchTooLarge(let count, let maximum): return "batch of \(count) records exceeds the maximum of \(maximum)"
        case .unavailable(let detail): return "event log unavailable: \(detail)"
        case .conflict(let detail): return "event log conflict, retry: \(detail)"
        case .storage(let detail): return "event log storage failure: \(detail)"
        }
    }
}
