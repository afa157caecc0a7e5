/// Where in the input a parse error was found: the byte offset (0-based) and, for humans,
/// the line and column (1-based; the column counts bytes since the last line feed).
public struct JSONSourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// Offset of the offending byte from the start of the input.
    public var offset: Int
    /// Line number, counting from 1.
    public var line: Int
    /// Byte column within the line, counting from 1.
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// Computes line and column of `offset` in `bytes` (only done on the error path).
    init(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var lineStart = 0
        var position = 0
        let end = min(offset, bytes.count)
        while position < end {
            if bytes[position] == 0x0A {
                line += 1
                lineStart = position + 1
            }
            position += 1
        }
        self.init(offset: offset, line: line, column: offset - lineStart + 1)
    }

    public var description: String { "byte \(offset) (line \(line), column \(column))" }
}

/// Why `JSONParser` rejected a document. Every case carries where it happened;
/// `description` reads like "expected ',' or '}' after object member (found ']') at byte 120
/// (line 4, column 9)" and is safe to return to the producer that sent the document.
public enum JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input ended where `expected` was still required.
    case unexpectedEndOfInput(expected: String, at: JSONSourceLocation)
    /// A byte that cannot appear here; `expected` says what could.
    case unexpectedByte(UInt8, expected: String, at: JSONSourceLocation)
    /// A number that breaks RFC 8259's grammar (leading zero, missing digits, ...).
    case invalidNumber(reason: String, at: JSONSourceLocation)
    /// A number whose magnitude does not fit in a `Double` (`1e400`).
    case numberOutOfRange(at: JSONSourceLocation)
    /// A backslash escape that JSON does not define, or a malformed `\u` escape.
    case invalidEscape(at: JSONSourceLocation)
    /// A `\u` escape of a UTF-16 surrogate that is not part of a valid pair.
    case loneSurrogate(at: JSONSourceLocation)
    /// An unescaped control character (U+0000–U+001F) inside a string.
    case controlCharacterInString(UInt8, at: JSONSourceLocation)
    /// Bytes that are not well-formed UTF-8.
    case invalidUTF8(at: JSONSourceLocation)
    /// An object key that appears twice in the same object.
    case duplicateKey(String, at: JSONSourceLocation)
    /// Arrays and objects nested deeper than `JSONParser.Limits.maxDepth`.
    case nestingTooDeep(limit: Int, at: JSONSourceLocation)
    /// The input is larger than `JSONParser.Limits.maxInputBytes`.
    case inputTooLarge(limit: Int, size: Int)
    /// A string longer (in UTF-8 bytes, after unescaping) than `JSONParser.Limits.maxStringBytes`.
    case stringTooLong(limit: Int, at: JSONSourceLocation)
    /// An array or object with more entries than `JSONParser.Limits.maxMembers`.
    case tooManyMembers(limit: Int, at: JSONSourceLocation)
    /// Something other than whitespace follows the complete value.
    case trailingData(at: JSONSourceLocation)

    /// Where the error was found (nil only for `inputTooLarge`, which is decided before reading).
    public var location: JSONSourceLocation? {
        switch self {
        case .unexpectedEndOfInput(_, let at), .unexpectedByte(_, _, let at), .invalidNumber(_, let at),
            .numberOutOfRange(let at), .invalidEscape(let at), .loneSurrogate(let at),
            .controlCharacterInString(_, let at), .invalidUTF8(let at), .duplicateKey(_, let at),
            .nestingTooDeep(_, let at), .stringTooLong(_, let at), .tooManyMembers(_, let at),
            .trailingData(let at):
            return at
        case .inputTooLarge:
            return nil
        }
    }

    /// The byte offset of the error (0 for `inputTooLarge`).
    public var offset: Int { location?.offset ?? 0 }

    /// What went wrong, without the location.
    public var message: String {
        switch self {
        case .unexpectedEndOfInput(let expected, _):
            return "unexpected end of input, \(expected)"
        case .unexpectedByte(let byte, let expected, _):
            return "\(expected) (found \(Self.describe(byte)))"
        case .invalidNumber(let reason, _):
            return "invalid number: \(reason)"
        case .numberOutOfRange:
            return "number is too large to represent"
        case .invalidEscape:
            return "invalid escape sequence in string"
        case .loneSurrogate:
            return "unpaired UTF-16 surrogate in \\u escape"
        case .controlCharacterInString(let byte, _):
            return "unescaped control character \(Self.describe(byte)) in string"
        case .invalidUTF8:
            return "invalid UTF-8"
        case .duplicateKey(let key, _):
            return "duplicate object key \"\(key)\""
        case .nestingTooDeep(let limit, _):
            return "arrays and objects nested deeper than \(limit) levels"
        case .inputTooLarge(let limit, let size):
            return "document of \(size) bytes exceeds the limit of \(limit) bytes"
        case .stringTooLong(let limit, _):
            return "string longer than \(limit) bytes"
        case .tooManyMembers(let limit, _):
            return "array or object with more than \(limit) entries"
        case .trailingData:
            return "unexpected data after the JSON value"
        }
    }

    public var description: String {
        guard let location else { return message }
        return "\(message) at \(location)"
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
