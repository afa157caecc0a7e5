import SluiceJSON

/// Optional attributes that travel with a record (Ingest needs all of them).
public struct RecordAttributes: Sendable, Hashable {
    /// The version of the topic's schema the payload was validated against.
    public var schemaVersion: Int?
    /// The id of the API key that produced the record.
    public var producerKeyID: String?
    /// The W3C `traceparent` the producer sent, so the trace follows the event.
    public var traceparent: String?

    public init(schemaVersion: Int? = nil, producerKeyID: String? = nil, traceparent: String? = nil) {
        self.schemaVersion = schemaVersion
        self.producerKeyID = producerKeyID
        self.traceparent = traceparent
    }
}

/// A record to append: payload, event time, optional id and attributes.
public struct AppendRecord: Sendable, Hashable {
    /// The record's id; duplicates of an id already in the topic are not stored again.
    public var id: String
    /// Event time (for system topics, the time of publication).
    public var time: Timestamp
    /// The record's content, stored as `jsonb`.
    public var payload: JSONValue
    /// `payload` as JSON text, when the caller has it already (Ingest keeps the canonical
    /// form it hashed for the id): the log sends these bytes instead of serializing
    /// `payload` again. Must be a serialization of exactly `payload`.
    public var payloadJSON: [UInt8]?
    public var attributes: RecordAttributes

    /// A record with a producer-given `id`, or one derived with `RecordID.derive` when nil.
    public init(
        topic: TopicName, id: String? = nil, time: Timestamp, payload: JSONValue,
        attributes: RecordAttributes = RecordAttributes()
    ) {
        self.id = id ?? RecordID.derive(topic: topic, time: time, payload: payload)
        self.time = time
        self.payload = payload
        self.attributes = attributes
    }

    /// A record with an explicit id.
    public init(
        id: String, time: Timestamp, payload: JSONValue, payloadJSON: [UInt8]? = nil,
        attributes: RecordAttributes = RecordAttributes()
    ) {
        self.id = id
        self.time = time
        self.payload = payload
        self.payloadJSON = payloadJSON
        self.attributes = attributes
    }
}

/// A stored record, as read back from a topic.
public struct LogRecord: Sendable, Hashable {
    public var topic: TopicName
    /// Position in the topic: 1, 2, 3, ... without gaps, in commit order.
    public var offset: Int64
    public var id: String
    /// Event time.
    public var time: Timestamp
    /// When the log stored it (the database clock, after the topic's append lock was taken,
    /// so it never decreases along offsets while the clock does not go back).
    public var appendedAt: Timestamp
    public var payload: JSONValue
    public var attributes: RecordAttributes

    public init(
        topic: TopicName, offset: Int64, id: String, time: Timestamp, appendedAt: Timestamp, payload: JSONValue,
        attributes: RecordAttributes = RecordAttributes()
    ) {
        self.topic = topic
        self.offset = offset
        self.id = id
        self.time = time
        self.appendedAt = appendedAt
        self.payload = payload
        self.attributes = attributes
    }
}

/// What happened to one input record of an append.
public enum AppendOutcome: Sendable, Hashable {
    /// Stored at this offset.
    case appended(offset: Int64)
    /// Not stored: the topic already holds this id at `existingOffset` (stored earlier, or by
    /// a first copy earlier in the same batch).
    case duplicate(existingOffset: Int64)

    /// True for `.appended`.
    public var isNew: Bool {
        if case .appended = self { return true }
        return false
    }
}

/// The result of an append, one outcome per input record, in input order.
///
/// A second copy of an id inside the same batch is a duplicate of the first copy's offset.
public struct AppendResult: Sendable, Hashable {
    public var outcomes: [AppendOutcome]

    public init(outcomes: [AppendOutcome]) { self.outcomes = outcomes }

    /// How many records were stored.
    public var appendedCount: Int { outcomes.count(where: \.isNew) }
    /// How many were duplicates.
    public var duplicateCount: Int { outcomes.count - appendedCount }
    /// The offsets of the stored records, ascending.
    public var appendedOffsets: [Int64] {
        outcomes.compactMap { if case .appended(let offset) = $0 { return offset } else { return nil } }
    }
}
