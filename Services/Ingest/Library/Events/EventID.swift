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
        deriveKeepingCanonical(topic: topic, givenTime: givenTime, data: data).id
    }

    /// The id, and the canonical JSON of `data` it hashed (which the event log can store as
    /// is, instead of serializing `data` once more).
    public static func deriveKeepingCanonical(topic: TopicName, givenTime: Timestamp?, data: JSONValue)
        -> (id: String, canonicalData: [UInt8])
    {
        var canonical: [UInt8] = []
        canonical.reserveCapacity(256)
        JSONSerializer.appendCanonical(data, to: &canonical)
        return (RecordID.derive(topic: topic, time: givenTime, canonicalPayload: canonical), canonical)
    }
}
