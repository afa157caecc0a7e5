/// The recursive-descent engine behind `JSONParser`: a cursor over borrowed bytes.
/// Internal; valid only while the buffer it reads is.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONParser.Limits
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONParser.Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    // MARK: Errors

    func location(_ offset: Int) -> JSONSourceLocation {
        JSONSourceLocation(offset: offset, in: bytes)
    }

    /// End of input or an unexpected byte at the current position.
    func unexpected(_ expected: String) -> JSONParseError {
        if position >= bytes.count { return .unexpectedEndOfInput(expected: expected, at: location(position)) }
        return .unexpectedByte(bytes[position], expected: expected, at: location(position))
    }

    // MARK: Structure

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard position == bytes.count else { throw .trailingData(at: location(position)) }
        return value
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw unexpected("expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            throw unexpected("expected a value")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = position
        let length = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        for offset in 0..<length {
            guard position < bytes.count, bytes[position] == expected[offset] else {
                throw unexpected("invalid literal, expected '\(literal)' starting at byte \(start)")
            }
            position += 1
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= limits.maxDepth else { throw .nestingTooDeep(limit: limits.maxDepth, at: location(position)) }
        position += 1  // '['
        skipWhitespace()
        var elements: [JSONValue] = []
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            let elementStart = position
            elements.append(try parseValue(depth: depth))
            if let maxMembers = limits.maxMembers, elements.count > maxMembers {
                throw .tooManyMembers(limit: maxMembers, at: location(elementStart))
            }
            skipWhitespace()
            guard position < bytes.count else { throw unexpected("expected ',' or ']' after array element") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default:
                throw unexpected("expected ',' or ']' after array element")
            }
        }
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= limits.maxDepth else { throw .nestingTooDeep(limit: limits.maxDepth, at: location(position)) }
        position += 1  // '{'
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(JSONObject())
        }
        var keys: [String] = []
        var values: [JSONValue] = []
        var index: [String: Int]? = nil
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw unexpected(keys.isEmpty ? "expected '\"' to begin an object key" : "expected '\"' to begin an object key after ','")
            }
            let keyStart = position
            let key = try parseString()
            if let existing = index {
                if existing[key] != nil { throw .duplicateKey(key, at: location(keyStart)) }
            } else if keys.contains(key) {
                throw .duplicateKey(key, at: location(keyStart))
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw unexpected("expected ':' after object key")
            }
            position += 1
            let value = try parseValue(depth: depth)
            keys.append(key)
            values.append(value)
            if let maxMembers = limits.maxMembers, keys.count > maxMembers {
                throw .tooManyMembers(limit: maxMembers, at: location(keyStart))
            }
            if index != nil {
                index![key] = keys.count - 1
            } else if keys.count > JSONObject.indexThreshold {
                index = JSONObject.buildIndex(keys)
            }
            skipWhitespace()
            guard position < bytes.count else { throw unexpected("expected ',' or '}' after object member") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(JSONObject(uncheckedKeys: keys, values: values, index: index))
            default:
                throw unexpected("expected ',' or '}' after object member")
            }
        }
    }
}
