/// Encodes `Encodable` values into a `JSONValue` (then serialize it with `JSONSerializer`):
///
/// ```swift
/// let value = try JSONValueEncoder().encode(response)
/// JSONSerializer.append(value, to: &body)
/// ```
///
/// Object members keep the order the type encodes them in (declaration order for synthesized
/// conformances). `nil` optionals are omitted (`encodeIfPresent`), `JSONValue` passes through
/// unchanged, `Date` becomes an RFC 3339 string (via `Timestamp`, microsecond precision),
/// `UInt64`/`UInt` values above `Int64.max` become (rounded) doubles, and a non-finite
/// `Double`/`Float` throws `EncodingError.invalidValue` naming the path.
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// Encodes `value` as a JSON value.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let box = JSONEncodingBox()
        try JSONValueEncoding.encode(value, into: box, path: [])
        return box.resolved()
    }

    /// Encodes `value` and returns its compact JSON bytes.
    public func encodeToBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        JSONSerializer.serialize(try encode(value))
    }
}
