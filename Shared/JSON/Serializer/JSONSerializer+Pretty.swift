extension JSONSerializer {
    /// A human-readable form: members in stored order, `indent` spaces per level, `": "`
    /// between key and value, empty containers as `[]` and `{}`. For docs and debugging.
    public static func pretty(_ value: JSONValue, indent: Int = 2) -> String {
        var buffer: [UInt8] = []
        appendPretty(value, level: 0, indent: indent, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func appendPretty(_ value: JSONValue, level: Int, indent: Int, to buffer: inout [UInt8]) {
        func newline(_ level: Int) {
            buffer.append(0x0A)
            buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * indent))
        }
        switch value {
        case .array(let elements) where !elements.isEmpty:
            buffer.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                newline(level + 1)
                appendPretty(element, level: level + 1, indent: indent, to: &buffer)
            }
            newline(level)
            buffer.append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            buffer.append(UInt8(ascii: "{"))
            for (position, member) in object.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                newline(level + 1)
                appendString(member.key, to: &buffer)
                buffer.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                appendPretty(member.value, level: level + 1, indent: indent, to: &buffer)
            }
            newline(level)
            buffer.append(UInt8(ascii: "}"))
        default:
            append(value, to: &buffer)
        }
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of the value.
    public var description: String {
        String(decoding: JSONSerializer.serialize(self), as: UTF8.self)
    }
}
