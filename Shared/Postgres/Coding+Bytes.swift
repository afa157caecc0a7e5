// bytea as [UInt8] (hex text format), and the jsonb wrapper.

extension UInt8: PostgresArrayElement {
    public static var postgresArrayType: PostgresDataType { .bytea }
    public static func postgresArrayText(_ elements: [UInt8]) -> String { PostgresHex.encode(elements) }
    public static func postgresArray(fromText text: String, type: PostgresDataType) throws(PostgresDecodingFailure)
        -> [UInt8]
    {
        guard type == .bytea else { throw PostgresDecodingFailure("column is not bytea") }
        guard let bytes = PostgresHex.decode(text) else { throw PostgresDecodingFailure("not hex bytea output") }
        return bytes
    }
}

/// A jsonb value, carried as UTF-8 JSON text. This layer does not parse it: the server
/// validates it on the way in, and callers parse it with their JSON library on the way out.
public struct PostgresJSONB: Hashable, Sendable, PostgresEncodable, PostgresDecodable {
    /// The JSON text, UTF-8.
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ json: String) { self.bytes = Array(json.utf8) }

    /// The JSON as a String.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public static var postgresType: PostgresDataType { .jsonb }
    public var postgresText: String? { string }
    public init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) {
        guard type == .jsonb || type == .json || type.isTextual else {
            throw PostgresDecodingFailure("column is not json or jsonb")
        }
        self.bytes = Array(text.utf8)
    }
}

/// PostgreSQL's hex format for bytea: `\x` followed by two lowercase hex digits per byte.
enum PostgresHex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(2 + bytes.count * 2)
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "x"))
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0
        else { return nil }
        var out = [UInt8]()
        out.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
