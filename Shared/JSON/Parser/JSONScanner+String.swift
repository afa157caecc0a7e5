extension JSONScanner {
    /// Parses a string starting at its opening quote. Strings without escapes are created
    /// directly from the input bytes; escapes switch to a scratch buffer.
    mutating func parseString() throws(JSONParseError) -> String {
        position += 1  // opening quote
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let length = position - start
                try checkStringLength(length, start: start)
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            } else if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(start: start)
            } else if byte < 0x20 {
                throw .controlCharacterInString(byte, at: location(position))
            } else if byte >= 0x80 {
                position += try validateUTF8Sequence()
            } else {
                position += 1
            }
        }
        throw unexpected("expected '\"' to end the string that starts at byte \(start - 1)")
    }

    func checkStringLength(_ length: Int, start: Int) throws(JSONParseError) {
        if let limit = limits.maxStringBytes, length > limit {
            throw .stringTooLong(limit: limit, at: location(start - 1))
        }
    }

    /// Continues a string from its first backslash, unescaping into a buffer.
    mutating func parseEscapedString(start: Int) throws(JSONParseError) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(position - start + 16)
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                try checkStringLength(buffer.count, start: start)
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                try appendEscape(to: &buffer)
            } else if byte < 0x20 {
                throw .controlCharacterInString(byte, at: location(position))
            } else if byte >= 0x80 {
                let length = try validateUTF8Sequence()
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<position + length]))
                position += length
            } else {
                buffer.append(byte)
                position += 1
            }
        }
        throw unexpected("expected '\"' to end the string that starts at byte \(start - 1)")
    }

    /// Decodes one escape at `position` (a backslash) and appends its UTF-8.
    mutating func appendEscape(to buffer: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = position
        guard position + 1 < bytes.count else { throw .invalidEscape(at: location(escapeStart)) }
        let kind = bytes[position + 1]
        position += 2
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(kind)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHex4(escapeStart: escapeStart)
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else { throw .loneSurrogate(at: location(escapeStart)) }
                position += 2
                let low = try readHex4(escapeStart: position - 2)
                guard (0xDC00...0xDFFF).contains(low) else { throw .loneSurrogate(at: location(escapeStart)) }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw .loneSurrogate(at: location(escapeStart))
            }
            appendUTF8(scalarValue, to: &buffer)
        default:
            throw .invalidEscape(at: location(escapeStart))
        }
    }

    mutating func readHex4(escapeStart: Int) throws(JSONParseError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw .invalidEscape(at: location(escapeStart)) }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidEscape(at: location(escapeStart))
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            buffer.append(UInt8(scalar))
        case 0x80..<0x800:
            buffer.append(UInt8(0xC0 | scalar >> 6))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            buffer.append(UInt8(0xE0 | scalar >> 12))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        default:
            buffer.append(UInt8(0xF0 | scalar >> 18))
            buffer.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Checks the multi-byte UTF-8 sequence at `position` (Unicode Table 3-7: no overlong
    /// forms, no surrogates, nothing above U+10FFFF) and returns its length.
    func validateUTF8Sequence() throws(JSONParseError) -> Int {
        let lead = bytes[position]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw .invalidUTF8(at: location(position))
        }
        guard position + length <= bytes.count, secondRange.contains(bytes[position + 1]) else {
            throw .invalidUTF8(at: location(position))
        }
        var offset = 2
        while offset < length {
            guard bytes[position + offset] & 0xC0 == 0x80 else { throw .invalidUTF8(at: location(position)) }
            offset += 1
        }
        return length
    }
}
