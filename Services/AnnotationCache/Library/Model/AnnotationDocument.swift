import SluiceJSON

/// One annotation as Analytics sends it: the result of an analysis for one window and group.
/// The document itself is schema-less (any shape the analysis produces); the cache reads only
/// the fields that key it and keeps the exact bytes it received.
///
///     {"analysis": "hourly_views", "version": 1, "windowStart": "...", "windowEnd": "...",
///      "group": {"country": "DE"}, "values": {...}, ...}
public struct AnnotationDocument: Sendable, Hashable {
    public var version: Int64
    public var windowStart: Timestamp
    public var windowEnd: Timestamp
    /// The canonical JSON of the `group` object (`{}` without groupBy): the group's key.
    public var groupKey: String
    /// The document as JSON (serialized once, kept as bytes by the store).
    public var document: JSONValue

    public init(version: Int64, windowStart: Timestamp, windowEnd: Timestamp, groupKey: String, document: JSONValue) {
        self.version = version
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.groupKey = groupKey
        self.document = document
    }

    /// Reads the keying fields of `value`; the failure names the JSON path (under `path`).
    public init(json value: JSONValue, analysis: String, path: String) throws(BatchError) {
        guard case .object(let object) = value else {
            throw BatchError(path: path, message: "expected an annotation object, found \(value.kindName)")
        }
        if let named = object["analysis"], named.string != analysis {
            throw BatchError(path: "\(path).analysis", message: "must be \"\(analysis)\", the analysis in the path")
        }
        guard let version = object["version"]?.int64, version >= 1 else {
            throw BatchError(path: "\(path).version", message: "expected an integer version >= 1")
        }
        let start = try Self.timestamp(object["windowStart"], path: "\(path).windowStart")
        let end = try Self.timestamp(object["windowEnd"], path: "\(path).windowEnd")
        guard end > start else {
            throw BatchError(path: "\(path).windowEnd", message: "must be after windowStart")
        }
        let group = object["group"] ?? .object(JSONObject())
        guard case .object = group else {
            throw BatchError(path: "\(path).group", message: "expected an object, found \(group.kindName)")
        }
        self.init(
            version: version, windowStart: start, windowEnd: end,
            groupKey: String(decoding: JSONSerializer.canonical(group), as: UTF8.self), document: value)
    }

    static func timestamp(_ value: JSONValue?, path: String) throws(BatchError) -> Timestamp {
        guard let text = value?.string else { throw BatchError(path: path, message: "expected an RFC 3339 date-time") }
        do {
            return try Timestamp(rfc3339: text)
        } catch {
            throw BatchError(path: path, message: "not an RFC 3339 date-time")
        }
    }
}

/// A fault in a PUT batch, with the JSON path of the offending value.
public struct BatchError: Error, Sendable, Hashable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}
