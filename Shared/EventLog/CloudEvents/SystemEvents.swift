import SluiceJSON

/// The data of a system event type; each type has a topic of the same name.
public protocol SystemEventData: Codable, Sendable, Hashable {
    /// The CloudEvents `type`, also the topic name (`sluice.analysis.completed`).
    static var eventType: String { get }
}

extension SystemEventData {
    /// The topic carrying this event type.
    public static var topic: TopicName { TopicName(eventType)! }

    /// Wraps the data in a CloudEvent. Without an `id`, the id is derived from the type, the
    /// time and the canonical data: deterministic for the same inputs, but a later publication
    /// of equal data (a rebuild after an invalidation) is a new event. To make a retried step
    /// a duplicate, pass an id derived from what identifies the step (e.g. its run id).
    public func cloudEvent(
        source: String, time: Timestamp, subject: String? = nil, id: String? = nil, traceparent: String? = nil
    ) throws -> CloudEvent {
        let data = try JSONValueEncoder().encode(self)
        let eventID = id ?? RecordID.derive(topic: Self.topic, time: time, payload: data)
        return CloudEvent(
            id: eventID, source: source, type: Self.eventType, time: time, subject: subject, data: data,
            traceparent: traceparent)
    }

    /// Reads the data of `event`; throws when the type differs or the data does not decode.
    public init(event: CloudEvent) throws {
        guard event.type == Self.eventType else {
            throw CloudEventError(attribute: "type", reason: "expected \(Self.eventType), found \(event.type)")
        }
        self = try JSONValueDecoder().decode(Self.self, from: event.data ?? .null)
    }
}

extension CloudEvent {
    /// The record that carries this event on its system topic: id = event id, time = event
    /// time (or `appendTime`), payload = the structured-mode JSON, traceparent as attribute.
    public func appendRecord(appendTime: Timestamp) -> AppendRecord {
        AppendRecord(
            id: id, time: time ?? appendTime, payload: json, attributes: RecordAttributes(traceparent: traceparent))
    }

    /// Reads the CloudEvent stored in a system topic record.
    public init(record: LogRecord) throws(CloudEventError) {
        try self.init(json: record.payload)
    }
}

/// `sluice.analysis.invalidated` (AnnotationCache): annotations of `analysis` in `[from, to)`
/// were deleted and must be rebuilt.
public struct AnalysisInvalidated: SystemEventData {
    public static let eventType = "sluice.analysis.invalidated"
    public var analysis: String
    public var from: Timestamp
    public var to: Timestamp
    public var reason: String

    public init(analysis: String, from: Timestamp, to: Timestamp, reason: String) {
        self.analysis = analysis
        self.from = from
        self.to = to
        self.reason = reason
    }
}

/// `sluice.analysis.completed` (Analytics): `windows` windows of `analysis` version `version`
/// in `[from, to)` were computed and stored.
public struct AnalysisCompleted: SystemEventData {
    public static let eventType = "sluice.analysis.completed"
    public var analysis: String
    public var version: Int
    public var from: Timestamp
    public var to: Timestamp
    public var windows: Int

    public init(analysis: String, version: Int, from: Timestamp, to: Timestamp, windows: Int) {
        self.analysis = analysis
        self.version = version
        self.from = from
        self.to = to
        self.windows = windows
    }
}

/// `sluice.analysis.failed` (Analytics): computing `analysis` over `[from, to)` failed.
public struct AnalysisFailed: SystemEventData {
    public static let eventType = "sluice.analysis.failed"
    public var analysis: String
    public var from: Timestamp
    public var to: Timestamp
    public var error: String

    public init(analysis: String, from: Timestamp, to: Timestamp, error: String) {
        self.analysis = analysis
        self.from = from
        self.to = to
        self.error = error
    }
}

/// A half-open time window `[from, to)`.
public struct TimeWindow: Codable, Sendable, Hashable {
    public var from: Timestamp
    public var to: Timestamp

    public init(from: Timestamp, to: Timestamp) {
        self.from = from
        self.to = to
    }
}

/// `sluice.alert.raised` (Analytics): check `check` saw `observed` where it expected
/// `expected` for `subject` in `window`.
public struct AlertRaised: SystemEventData {
    public static let eventType = "sluice.alert.raised"
    /// How bad it is.
    public enum Severity: String, Codable, Sendable, Hashable {
        case info, warning, critical
    }

    public var check: String
    public var subject: String
    public var window: TimeWindow
    public var observed: Double
    public var expected: Double
    public var severity: Severity

    public init(check: String, subject: String, window: TimeWindow, observed: Double, expected: Double, severity: Severity) {
        self.check = check
        self.subject = subject
        self.window = window
        self.observed = observed
        self.expected = expected
        self.severity = severity
    }
}

/// `sluice.schema.registered` (Ingest): `topic` has a new schema `version`.
public struct SchemaRegistered: SystemEventData {
    public static let eventType = "sluice.schema.registered"
    public var topic: String
    public var version: Int
    /// The compatibility mode it was checked under (`backward`, `forward`, `full`, `none`).
    public var compatibility: String

    public init(topic: String, version: Int, compatibility: String) {
        self.topic = topic
        self.version = version
        self.compatibility = compatibility
    }
}
