import SluiceJSON

/// A CloudEvents 1.0 event in structured JSON mode, the envelope of every system topic record.
///
/// Required attributes: `specversion` ("1.0"), `id`, `source`, `type` (non-empty strings).
/// Optional: `time` (RFC 3339), `subject`, `datacontenttype` (defaults to `application/json`
/// when there is `data`), `data` (any JSON), and the `traceparent` extension attribute
/// (Distributed Tracing extension), so a producer's trace follows the event.
public struct CloudEvent: Sendable, Hashable {
    /// The only spec version this type reads and writes.
    public static let specVersion = "1.0"

    public var id: String
    /// A URI-reference naming the producer (`/sluice/analytics`).
    public var source: String
    /// Reverse-DNS event type (`sluice.analysis.completed`).
    public var type: String
    public var time: Timestamp?
    public var subject: String?
    public var dataContentType: String?
    public var data: JSONValue?
    /// The W3C trace context of the work that produced the event.
    public var traceparent: String?

    public init(
        id: String, source: String, type: String, time: Timestamp? = nil, subject: String? = nil,
        dataContentType: String? = "application/json", data: JSONValue? = nil, traceparent: String? = nil
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.time = time
        self.subject = subject
        self.dataContentType = dataContentType
        self.data = data
        self.traceparent = traceparent
    }
}

/// Why a JSON document is not a valid CloudEvent.
public struct CloudEventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The attribute at fault (`id`, `time`, ...), or `$` for the document.
    public var attribute: String
    public var reason: String

    public init(attribute: String, reason: String) {
        self.attribute = attribute
        self.reason = reason
    }

    public var description: String { "invalid CloudEvent attribute '\(attribute)': \(reason)" }
}

extension CloudEvent {
    /// The structured-mode JSON object, attributes in spec order.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("specversion", .string(Self.specVersion)), ("id", .string(id)), ("source", .string(source)),
            ("type", .string(type)),
        ]
        if let time { members.append(("time", .string(time.rfc3339))) }
        if let subject { members.append(("subject", .string(subject))) }
        if let dataContentType { members.append(("datacontenttype", .string(dataContentType))) }
        if let traceparent { members.append(("traceparent", .string(traceparent))) }
        if let data { members.append(("data", data)) }
        return .object(JSONObject(uniqueMembers: members))
    }

    /// Reads and validates a structured-mode event.
    public init(json: JSONValue) throws(CloudEventError) {
        guard case .object(let object) = json else {
            throw CloudEventError(attribute: "$", reason: "expected a JSON object, found \(json.kindName)")
        }
        func required(_ name: String) throws(CloudEventError) -> String {
            guard let value = object[name] else { throw CloudEventError(attribute: name, reason: "is required") }
            guard let text = value.string else {
                throw CloudEventError(attribute: name, reason: "expected a string, found \(value.kindName)")
            }
            guard !text.isEmpty else { throw CloudEventError(attribute: name, reason: "must not be empty") }
            return text
        }
        func optional(_ name: String) throws(CloudEventError) -> String? {
            guard let value = object[name], !value.isNull else { return nil }
            guard let text = value.string else {
                throw CloudEventError(attribute: name, reason: "expected a string, found \(value.kindName)")
            }
            return text
        }
        let version = try required("specversion")
        guard version == Self.specVersion else {
            throw CloudEventError(attribute: "specversion", reason: "expected \"1.0\", found \"\(version.prefix(20))\"")
        }
        id = try required("id")
        source = try required("source")
        type = try required("type")
        if let text = try optional("time") {
            do { time = try Timestamp(rfc3339: text) } catch {
                throw CloudEventError(attribute: "time", reason: "not an RFC 3339 date-time: \(error.reason)")
            }
        } else {
            time = nil
        }
        subject = try optional("subject")
        dataContentType = try optional("datacontenttype")
        traceparent = try optional("traceparent")
        data = object["data"]
        if object["data_base64"] != nil {
            throw CloudEventError(attribute: "data_base64", reason: "binary data is not supported; use JSON data")
        }
    }
}
