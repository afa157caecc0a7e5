extension JSONScanner {
    /// Parses a number per RFC 8259 §6. Integers that fit are accumulated exactly into
    /// `Int64`; anything with a fraction, an exponent or too many digits goes to `Double`.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw .invalidNumber(reason: "expected a digit after '-'", at: location(position))
        }
        var magnitude: UInt64 = 0
        var overflow = false
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw .invalidNumber(reason: "leading zeros are not allowed", at: location(start))
            }
        } else {
            while position < bytes.count, isDigit(bytes[position]) {
                let digit = UInt64(bytes[position] - UInt8(ascii: "0"))
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(digit)
                overflow = overflow || o1 || o2
                magnitude = sum
                position += 1
            }
        }
        var integral = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            integral = false
            position += 1
            try consumeDigits(after: "'.'")
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            integral = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            try consumeDigits(after: "the exponent")
        }
        if integral && !overflow {
            if negative {
                if magnitude <= UInt64(Int64.max) { return JSONNumber(-Int64(magnitude)) }
                if magnitude == UInt64(Int64.max) + 1 { return JSONNumber(Int64.min) }
            } else if magnitude <= UInt64(Int64.max) {
                return JSONNumber(Int64(magnitude))
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), let number = JSONNumber(exactly: value) else {
            throw .numberOutOfRange(at: location(start))
        }
        return number
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    mutating func consumeDigits(after what: String) throws(JSONParseError) {
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw .invalidNumber(reason: "expected a digit after \(what)", at: location(position))
        }
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }
}
