import SluiceCrypto
import SluiceEventLog
import SluiceJSON

/// The deterministic id of an event sent without one: `sha256:` + hex SHA-256 over the topic,
/// NUL, the event's given time in RFC 3339 (empty when it gave none), NUL, and the canonical
/// JSON of its data (sorted keys, one spelling per number).
///
/// The receive time is deliberately not part of it: a retried event without a time must get
/// the same id. So two distinct events with identical data and no time are one event to
/// Ingest: producers send an `id` or a `time` when identical payloads are distinct events.
/// With a time, the id equals the event log's own `RecordID.derive(topic:time:payload:)`.
public enum EventID {
    public static func derive(topic: TopicName, givenTime: Timestamp?, data: JSONValue) -> String {
        if let givenTime { return RecordID.derive(topic: topic, time: givenTime, payload: data) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        bytes.append(contentsOf: topic.rawValue.utf8)
        bytes.append(0)
        bytes.append(0)
        JSONSerializer.appendCanonical(data, to: &bytes)
        return "sha256:" + SHA256.hexDigest(bytes)
    }
}
