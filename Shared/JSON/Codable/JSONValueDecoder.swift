/// Decodes `Decodable` types from an already parsed `JSONValue`, so services can keep Codable
/// structs for API bodies on top of the fast parser:
///
/// ```swift
/// let body = try JSONParser().parse(bytes)
/// let request = try JSONValueDecoder().decode(CreateSchema.self, from: body)
/// ```
///
/// Supported: String, Bool, all `Int*`/`UInt*` (from integral numbers in range: `3`, `3.0`),
/// Double, Float, Optional (missing or null), arrays, dictionaries with String keys, nested
/// types, `JSONValue` (passed through unchanged), `Date` (from an RFC 3339 string via
/// `Timestamp`), `Timestamp` and `CalendarDate`. Errors are `DecodingError`s whose
/// `debugDescription` names the JSON path, e.g. "expected a string at $.data.user_id, found
/// number"; `DecodingError.jsonPath` and `.jsonMessage` extract them for problem responses.
public struct JSONValueDecoder: Sendable {
    public init() {}

    /// Decodes a `T` from `value`.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONValueDecoding(value: value, codingPath: []).unbox(value, as: type, path: [])
    }

    /// Parses `bytes` with `parser`, then decodes a `T`. Parse errors are `JSONParseError`s.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], parser: JSONParser = JSONParser()) throws -> T {
        try decode(type, from: try parser.parse(bytes))
    }
}

extension DecodingError {
    /// The JSON path where decoding failed (for a missing member, the object that lacks it).
    public var jsonPath: JSONPath {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            return JSONPath(codingPath: context.codingPath)
        @unknown default:
            return .root
        }
    }

    /// The human-readable explanation, including the path.
    public var jsonMessage: String {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            return context.debugDescription
        @unknown default:
            return "\(self)"
        }
    }
}
