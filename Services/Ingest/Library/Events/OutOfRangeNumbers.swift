import SluiceJSON

/// Lets one event carry a number beyond `Double`'s range without failing its whole batch.
///
/// `JSONParser` refuses `1e400` for the whole document (a `JSONValue` number is always a finite
/// double). Ingest must instead reject only the event holding it, so on that one error the
/// body is pre-scanned: every number token whose value overflows a double is rewritten as a
/// string `"sluice-number-out-of-range:<nonce>:<token>"`, with a random 128-bit nonce per
/// request so no producer string can pose as one, and the body is parsed again. The event
/// checker then finds these strings (`placeholders(in:)`) and rejects their events with the
/// reason, and `restore(in:)` turns the strings back into the original tokens when a dead
/// letter's JSON text is written, so the stored event is byte-for-byte the number as sent.
///
/// Well-formed bodies never pay for this: the scan runs only after the parser reported
/// `numberOutOfRange`.
public struct OutOfRangeNumbers: Sendable {
    /// The string prefix marking a replaced token.
    public let prefix: String
    /// True once `parse` replaced a token: only then can a value hold markers (the checker
    /// skips looking for them otherwise).
    public private(set) var replacedAny = false

    /// A marker with a fresh random nonce.
    public init() {
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "-")
        prefix = "sluice-number-out-of-range:\(nonce):"
    }

    /// Parses `body`, replacing out-of-range numbers by marker strings.
    ///
    /// - Throws: the parser's error for anything else that is wrong with the body; its byte
    ///   offset refers to the body as sent.
    public mutating func parse(_ body: [UInt8], limits: JSONParser.Limits) throws(JSONParseError) -> JSONValue {
        do {
            return try JSONParser(limits: limits).parse(body)
        } catch .numberOutOfRange {
            let (rewritten, shifts) = rewrite(body)
            replacedAny = !shifts.isEmpty
            do {
                return try JSONParser(limits: limits).parse(rewritten)
            } catch {
                throw Self.shiftBack(error, shifts: shifts)
            }
        }
    }

    /// The body with every overflowing number token quoted with the prefix, and for each
    /// replacement (its offset in the rewritten body, the bytes it added).
    func rewrite(_ body: [UInt8]) -> ([UInt8], [(at: Int, added: Int)]) {
        var output: [UInt8] = []
        output.reserveCapacity(body.count + 64)
        var shifts: [(at: Int, added: Int)] = []
        var index = 0
        var inString = false
        while index < body.count {
            let byte = body[index]
            if inString {
                output.append(byte)
                if byte == UInt8(ascii: "\\"), index + 1 < body.count {
                    output.append(body[index + 1])
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = true
                output.append(byte)
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "-") || (48...57).contains(byte) else {
                output.append(byte)
                index += 1
                continue
            }
            var end = index
            while end < body.count, Self.isNumberByte(body[end]) { end += 1 }
            let token = body[index..<end]
            if let value = Double(String(decoding: token, as: UTF8.self)), value.isInfinite {
                let replacement = Array("\"\(prefix)".utf8) + token + [UInt8(ascii: "\"")]
                shifts.append((at: output.count, added: replacement.count - token.count))
                output += replacement
            } else {
                output += token
            }
            index = end
        }
        return (output, shifts)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    /// Maps an error's offset in the rewritten body back to the body as sent.
    static func shiftBack(_ error: JSONParseError, shifts: [(at: Int, added: Int)]) -> JSONParseError {
        guard let location = error.location else { return error }
        let added = shifts.filter { $0.at < location.offset }.reduce(0) { $0 + $1.added }
        guard added > 0 else { return error }
        let original = JSONSourceLocation(offset: location.offset - added, line: location.line, column: location.column)
        return error.relocated(to: original)
    }

    /// The original token when `text` is a marker string.
    public func token(in text: String) -> String? {
        guard text.hasPrefix(prefix) else { return nil }
        return String(text.dropFirst(prefix.count))
    }

    /// Every marker in `value`, with its JSON path.
    public func placeholders(in value: JSONValue, at path: JSONPath = .root) -> [(path: JSONPath, token: String)] {
        guard replacedAny else { return [] }
        switch value {
        case .string(let text): return token(in: text).map { [(path, $0)] } ?? []
        case .array(let items):
            return items.enumerated().flatMap { placeholders(in: $0.element, at: path.appending($0.offset)) }
        case .object(let object): return object.flatMap { placeholders(in: $0.value, at: path.appending($0.key)) }
        default: return []
        }
    }

    /// Serialized JSON with every quoted marker replaced by its original number token.
    public func restore(in json: [UInt8]) -> [UInt8] {
        let marker = Array("\"\(prefix)".utf8)
        guard json.count >= marker.count else { return json }
        var output: [UInt8] = []
        output.reserveCapacity(json.count)
        var index = 0
        while index < json.count {
            if json[index] == marker[0], index + marker.count <= json.count, json[index..<index + marker.count].elementsEqual(marker),
                let close = json[(index + marker.count)...].firstIndex(of: UInt8(ascii: "\""))
            {
                output += json[(index + marker.count)..<close]
                index = close + 1
            } else {
                output.append(json[index])
                index += 1
            }
        }
        return output
    }
}

extension JSONParseError {
    /// The same error at another location.
    func relocated(to at: JSONSourceLocation) -> JSONParseError {
        switch self {
        case .unexpectedEndOfInput(let expected, _): .unexpectedEndOfInput(expected: expected, at: at)
        case .unexpectedByte(let byte, let expected, _): .unexpectedByte(byte, expected: expected, at: at)
        case .invalidNumber(let reason, _): .invalidNumber(reason: reason, at: at)
        case .numberOutOfRange: .numberOutOfRange(at: at)
        case .invalidEscape: .invalidEscape(at: at)
        case .loneSurrogate: .loneSurrogate(at: at)
        case .controlCharacterInString(let byte, _): .controlCharacterInString(byte, at: at)
        case .invalidUTF8: .invalidUTF8(at: at)
        case .duplicateKey(let key, _): .duplicateKey(key, at: at)
        case .nestingTooDeep(let limit, _): .nestingTooDeep(limit: limit, at: at)
        case .inputTooLarge: self
        case .stringTooLong(let limit, _): .stringTooLong(limit: limit, at: at)
        case .tooManyMembers(let limit, _): .tooManyMembers(limit: limit, at: at)
        case .trailingData: .trailingData(at: at)
        }
    }
}
