/// Writes `JSONValue`s as UTF-8 bytes, appending to a caller-owned `[UInt8]` buffer.
///
/// Three forms:
/// - compact (`append(_:to:)`): members in stored order, no whitespace;
/// - pretty (`pretty(_:)`): two-space indentation, for docs and debugging;
/// - canonical (`appendCanonical(_:to:)`): RFC 8785 (JCS) style — object keys sorted by their
///   UTF-16 code units, no whitespace, numbers in one spelling (see below) — so that documents
///   that differ only in key order, whitespace, escaping or number spelling give identical
///   bytes. Hash these bytes to derive deterministic ids.
///
/// All forms escape strings the JCS way: `"` and `\` as `\"` and `\\`; U+0008, U+0009, U+000A,
/// U+000C, U+000D as `\b \t \n \f \r`; other control characters as `\u00xx` (lowercase hex);
/// everything else, including non-ASCII and `/`, is written as raw UTF-8.
///
/// Numbers: integral values within `Int64` as plain integers (`1.0` → `1`, `1e2` → `100`),
/// other doubles in ECMAScript's shortest round-trip form (`0.1`, `1e-7`, `1.5e+300`).
public enum JSONSerializer {
    /// Appends the compact form of `value` to `buffer`.
    public static func append(_ value: JSONValue, to buffer: inout [UInt8]) {
        switch value {
        case .null: appendASCII("null", to: &buffer)
        case .bool(let flag): appendASCII(flag ? "true" : "false", to: &buffer)
        case .number(let number): JSONNumberFormatter.append(number, to: &buffer)
        case .string(let text): appendString(text, to: &buffer)
        case .array(let elements):
            buffer.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                append(element, to: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let object):
            buffer.append(UInt8(ascii: "{"))
            for (position, member) in object.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                appendString(member.key, to: &buffer)
                buffer.append(UInt8(ascii: ":"))
                append(member.value, to: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        }
    }

    /// The compact form of `value`.
    public static func serialize(_ value: JSONValue) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        append(value, to: &buffer)
        return buffer
    }

    /// Appends the canonical form of `value` to `buffer` (sorted keys, no whitespace,
    /// canonical numbers).
    public static func appendCanonical(_ value: JSONValue, to buffer: inout [UInt8]) {
        switch value {
        case .array(let elements):
            buffer.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                appendCanonical(element, to: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let object):
            buffer.append(UInt8(ascii: "{"))
            let keys = object.keys
            let values = object.values
            let order = keys.indices.sorted { JSONKeyOrder.precedes(keys[$0], keys[$1]) }
            for (position, member) in order.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                appendString(keys[member], to: &buffer)
                buffer.append(UInt8(ascii: ":"))
                appendCanonical(values[member], to: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        default:
            append(value, to: &buffer)
        }
    }

    /// The canonical form of `value`.
    public static func canonical(_ value: JSONValue) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        appendCanonical(value, to: &buffer)
        return buffer
    }

    /// Appends `text` as a quoted, escaped JSON string. Runs of bytes that need no escaping
    /// are copied in one go.
    public static func appendString(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for position in 0..<utf8.count {
                let byte = utf8[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < position {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
                }
                appendEscaped(byte, to: &buffer)
                runStart = position + 1
            }
            if runStart < utf8.count {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends a number in the canonical spelling.
    public static func appendNumber(_ number: JSONNumber, to buffer: inout [UInt8]) {
        JSONNumberFormatter.append(number, to: &buffer)
    }

    static func appendEscaped(_ byte: UInt8, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(byte)
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x09: buffer.append(UInt8(ascii: "t"))
        case 0x0A: buffer.append(UInt8(ascii: "n"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        case 0x0D: buffer.append(UInt8(ascii: "r"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            buffer.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            buffer.append(hex[Int(byte >> 4)])
            buffer.append(hex[Int(byte & 0xF)])
        }
    }

    @inline(__always)
    static func appendASCII(_ text: StaticString, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
