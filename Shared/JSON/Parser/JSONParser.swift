/// A strict RFC 8259 JSON parser that reads bytes in place.
///
/// Strict means: exactly one value, surrounded only by JSON whitespace (space, tab, CR, LF);
/// no byte order mark, comments, trailing commas, single quotes, leading zeros, `+` signs,
/// NaN or Infinity; strings must be well-formed UTF-8 with no raw control characters, and
/// `\u` escapes must pair surrogates correctly; an object must not repeat a key. Every
/// violation throws a `JSONParseError` with the byte offset, line and column.
///
/// The input is read through a pointer without copying; only the resulting strings are
/// allocated. Strings made of plain ASCII or UTF-8 without escapes are created straight
/// from the input bytes.
///
/// ```swift
/// let parser = JSONParser(limits: .init(maxInputBytes: 1 << 20))
/// let batch = try parser.parse(body)          // [UInt8], ArraySlice<UInt8> or raw buffer
/// let user = batch["events"]?[0]?["data"]?["user_id"]?.string
/// ```
public struct JSONParser: Sendable {
    /// Resource limits, checked while parsing. The defaults suit request bodies.
    public struct Limits: Sendable, Hashable {
        /// Deepest nesting of arrays and objects; the outermost container is depth 1. Default 64.
        public var maxDepth: Int
        /// Largest accepted input in bytes. Default 16 MiB.
        public var maxInputBytes: Int
        /// Longest string (key or value) in UTF-8 bytes after unescaping; nil for no limit (default).
        public var maxStringBytes: Int?
        /// Most elements in one array or members in one object; nil for no limit (default).
        public var maxMembers: Int?

        public init(
            maxDepth: Int = 64, maxInputBytes: Int = 16 * 1024 * 1024,
            maxStringBytes: Int? = nil, maxMembers: Int? = nil
        ) {
            self.maxDepth = maxDepth
            self.maxInputBytes = maxInputBytes
            self.maxStringBytes = maxStringBytes
            self.maxMembers = maxMembers
        }

        /// The default limits: depth 64, 16 MiB, no string or member limit.
        public static let `default` = Limits()
    }

    /// The limits this parser enforces.
    public var limits: Limits

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// Parses one JSON document from raw bytes (zero-copy).
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        try parse(bytes.bindMemory(to: UInt8.self))
    }

    /// Parses one JSON document from a byte buffer (zero-copy).
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= limits.maxInputBytes else {
            throw .inputTooLarge(limit: limits.maxInputBytes, size: bytes.count)
        }
        var scanner = JSONScanner(bytes: bytes, limits: limits)
        return try scanner.parseDocument()
    }

    /// Parses one JSON document from an array of bytes (zero-copy).
    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONParseError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses one JSON document from a slice of bytes (zero-copy); offsets in errors are
    /// relative to the start of the slice.
    public func parse(_ bytes: ArraySlice<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONParseError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses one JSON document from the UTF-8 of a string.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buffer in
            do throws(JSONParseError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses with the default limits.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(bytes)
    }

    /// Parses with the default limits.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(text)
    }
}
