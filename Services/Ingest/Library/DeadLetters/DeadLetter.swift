import SluiceJSON
import SluiceSchema

/// A rejected event kept for inspection and replay (`ingest.dead_letters`).
public struct DeadLetter: Sendable {
    public var id: Int64
    public var topic: String
    /// The event as sent, as JSON text (numbers beyond double range kept verbatim).
    public var eventText: String
    public var errors: [ValidationIssue]
    public var schemaVersion: Int?
    public var producerKeyID: String?
    public var traceparent: String?
    public var receivedAt: Timestamp
}

/// A dead letter to write: the event's JSON text and why it was rejected.
struct NewDeadLetter {
    var eventText: String
    var errors: [ValidationIssue]
    var schemaVersion: Int?
}

extension [ValidationIssue] {
    /// `[{"path", "message"}, ...]`.
    var json: JSONValue {
        .array(map { ["path": .string($0.path), "message": .string($0.message)] })
    }

    /// Reads `[{"path", "message"}, ...]` back.
    init(json: JSONValue) {
        self = (json.array ?? []).map {
            ValidationIssue(path: $0["path"]?.string ?? "$", message: $0["message"]?.string ?? "")
        }
    }
}
