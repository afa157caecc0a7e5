import SluiceEventLog
import SluiceJSON
import SluiceSchema

/// What became of one event of a request.
public enum CheckedEvent: Sendable {
    /// Valid: the record to append, and the members the schema does not know (drift).
    case accepted(AppendRecord, unknownFields: [String])
    /// Invalid: why, as paths from the event (`$.data.price`, `$.time`), and the schema
    /// version it was checked against, when one was chosen.
    case rejected(errors: [ValidationIssue], schemaVersion: Int?, id: String?)
}

/// Decides, for each event of a request, whether it is stored or dead-lettered. Pure: the
/// topic's schemas come in as a look-up, the clock as `receivedAt`.
///
/// An event is `{"id"?: string, "time"?: RFC 3339, "schemaVersion"?: integer, "data": {...}}`.
public struct EventChecker {
    public var topic: TopicName
    public var retentionDays: Int?
    /// The topic's latest schema version; nil before the first registration.
    public var latestVersion: Int?
    /// The parsed schema of a version (nil when it does not exist).
    public var schema: (Int) throws -> Schema?
    public var receivedAt: Timestamp
    public var producerKeyID: String?
    public var traceparent: String?
    public var outOfRange: OutOfRangeNumbers

    static let members: Set<String> = ["id", "time", "schemaVersion", "data"]

    public init(
        topic: TopicName, retentionDays: Int?, latestVersion: Int?, schema: @escaping (Int) throws -> Schema?,
        receivedAt: Timestamp, producerKeyID: String?, traceparent: String?, outOfRange: OutOfRangeNumbers
    ) {
        self.topic = topic
        self.retentionDays = retentionDays
        self.latestVersion = latestVersion
        self.schema = schema
        self.receivedAt = receivedAt
        self.producerKeyID = producerKeyID
        self.traceparent = traceparent
        self.outOfRange = outOfRange
    }

    public func check(_ event: JSONValue) throws -> CheckedEvent {
        guard case .object(let object) = event else {
            return .rejected(
                errors: [ValidationIssue(path: "$", message: "expected an event object, found \(event.kindName)")],
                schemaVersion: nil, id: nil)
        }
        var errors: [ValidationIssue] = []
        for placeholder in outOfRange.placeholders(in: event) {
            errors.append(
                ValidationIssue(
                    path: placeholder.path.description,
                    message: "the number \(placeholder.token.prefix(40)) is beyond the range of a double"))
        }
        for key in object.keys where !Self.members.contains(key) {
            errors.append(
                ValidationIssue(
                    path: JSONPath.root.appending(key).description,
                    message: "unknown event member; an event has id, time, schemaVersion and data"))
        }
        var id: String?
        if let value = object["id"] {
            if let text = value.string, RecordID.isValid(text) {
                id = text
            } else if outOfRange.placeholders(in: value).isEmpty {
                errors.append(
                    ValidationIssue(
                        path: "$.id", message: "expected a string of 1-\(RecordID.maximumLength) bytes without U+0000"))
            }
        }
        var givenTime: Timestamp?
        if let value = object["time"] {
            if let text = value.string, let time = try? Timestamp(rfc3339: text) {
                givenTime = time
                if !RetentionPlanner().isRetained(
                    day: time.calendarDate.daysSinceEpoch, today: receivedAt.calendarDate.daysSinceEpoch,
                    retentionDays: retentionDays)
                {
                    errors.append(
                        ValidationIssue(
                            path: "$.time", message: "the time is older than the topic keeps (\(retentionDays ?? 0) days)"))
                }
            } else if outOfRange.placeholders(in: value).isEmpty {
                errors.append(
                    ValidationIssue(path: "$.time", message: "expected an RFC 3339 timestamp such as 2026-01-31T12:00:00Z"))
            }
        }
        var version = latestVersion
        if let value = object["schemaVersion"] {
            if let number = value.int, number >= 1, number <= (latestVersion ?? 0) {
                version = number
            } else {
                errors.append(
                    ValidationIssue(
                        path: "$.schemaVersion",
                        message: "expected a registered schema version (1-\(latestVersion ?? 0))"))
                version = nil
            }
        }
        if latestVersion == nil {
            errors.append(
                ValidationIssue(path: "$", message: "the topic has no registered schema; register one, then replay"))
        }
        let data = object["data"]
        var unknownFields: [String] = []
        if let data, case .object = data {
            for path in Self.nulCharacters(in: data, at: JSONPath.root.appending("data")) {
                errors.append(
                    ValidationIssue(path: path.description, message: "U+0000 cannot be stored (PostgreSQL jsonb refuses it)"))
            }
            if errors.isEmpty, let version, let schema = try schema(version) {
                let result = schema.validate(data)
                errors += result.errors.map { ValidationIssue(path: Self.dataPath($0.path), message: $0.message) }
                if result.isTruncated, result.errors.isEmpty {
                    errors.append(ValidationIssue(path: "$.data", message: "too many validation errors"))
                }
                unknownFields = result.unknownFields.map(Self.dataPath)
            }
        } else {
            errors.append(
                ValidationIssue(
                    path: "$.data", message: data == nil ? "missing: an event carries its data object" : "expected an object"))
        }
        guard errors.isEmpty, let data, let version else {
            return .rejected(errors: errors, schemaVersion: version, id: id)
        }
        // A derived id keeps the canonical JSON it hashed: the log stores those bytes as they are.
        let (recordID, payloadJSON): (String, [UInt8]?) =
            if let id { (id, nil) } else {
                EventID.deriveKeepingCanonical(topic: topic, givenTime: givenTime, data: data)
            }
        let record = AppendRecord(
            id: recordID, time: givenTime ?? receivedAt, payload: data, payloadJSON: payloadJSON,
            attributes: RecordAttributes(schemaVersion: version, producerKeyID: producerKeyID, traceparent: traceparent))
        return .accepted(record, unknownFields: unknownFields)
    }

    /// A validation path relative to the data (`$.price`) as a path in the event (`$.data.price`).
    static func dataPath(_ path: String) -> String {
        path.hasPrefix("$") ? "$.data" + path.dropFirst() : "$.data." + path
    }

    /// Paths of strings and keys holding U+0000 (paths are only built when there is one).
    static func nulCharacters(in value: JSONValue, at path: JSONPath) -> [JSONPath] {
        guard containsNul(value) else { return [] }
        switch value {
        case .string(let text): return text.utf8.contains(0) ? [path] : []
        case .array(let items):
            return items.enumerated().flatMap { nulCharacters(in: $0.element, at: path.appending($0.offset)) }
        case .object(let object):
            return object.flatMap { member in
                (member.key.utf8.contains(0) ? [path.appending(member.key)] : [])
                    + nulCharacters(in: member.value, at: path.appending(member.key))
            }
        default: return []
        }
    }

    static func containsNul(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): return text.utf8.contains(0)
        case .array(let items): return items.contains(where: containsNul)
        case .object(let object): return object.contains { $0.key.utf8.contains(0) || containsNul($0.value) }
        default: return false
        }
    }
}
