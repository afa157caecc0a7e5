/// Reads the fixed-width fields of RFC 3339 (section 5.6) from UTF-8 bytes.
struct RFC3339Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    func fail(_ reason: String, at offset: Int? = nil) -> TimestampParseError {
        TimestampParseError(reason: reason, offset: offset ?? position)
    }

    mutating func digits(_ count: Int, _ field: String) throws(TimestampParseError) -> Int {
        var value = 0
        for _ in 0..<count {
            guard position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 else {
                throw fail("expected \(count) digits for the \(field)")
            }
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            position += 1
        }
        return value
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(TimestampParseError) {
        guard position < bytes.count, bytes[position] == byte else { throw fail("expected \(what)") }
        position += 1
    }

    /// `full-date`: YYYY-MM-DD with a real calendar day in years 0001–9999.
    mutating func fullDate() throws(TimestampParseError) -> CalendarDate {
        let start = position
        let year = try digits(4, "year")
        try expect(UInt8(ascii: "-"), "'-' after the year")
        let month = try digits(2, "month")
        try expect(UInt8(ascii: "-"), "'-' after the month")
        let day = try digits(2, "day")
        guard year >= 1 else { throw fail("year 0000 is out of range (0001–9999)", at: start) }
        guard (1...12).contains(month) else { throw fail("month \(month) is out of range (01–12)", at: start + 5) }
        guard day >= 1 && day <= CivilCalendar.daysInMonth(month, year: year) else {
            throw fail("day \(day) does not exist in \(CalendarDate.pad(year, 4))-\(CalendarDate.pad(month, 2))", at: start + 8)
        }
        return CalendarDate(uncheckedYear: year, month: month, day: day)
    }

    /// `date-time` as microseconds since the epoch (fractional digits beyond 6 are truncated).
    mutating func dateTime() throws(TimestampParseError) -> Int64 {
        let date = try fullDate()
        guard position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "t") else {
            throw fail("expected 'T' between date and time")
        }
        position += 1
        let timeStart = position
        let hour = try digits(2, "hour")
        try expect(UInt8(ascii: ":"), "':' after the hour")
        let minute = try digits(2, "minute")
        try expect(UInt8(ascii: ":"), "':' after the minute")
        let second = try digits(2, "second")
        guard hour < 24 else { throw fail("hour \(hour) is out of range (00–23)", at: timeStart) }
        guard minute < 60 else { throw fail("minute \(minute) is out of range (00–59)", at: timeStart + 3) }
        guard second < 60 else {
            throw fail(second == 60 ? "leap second 60 is not supported" : "second \(second) is out of range (00–59)", at: timeStart + 6)
        }
        var micros: Int64 = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            let fractionStart = position
            var scale: Int64 = 100_000
            while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 {
                guard position - fractionStart < 9 else {
                    throw fail("more than 9 fractional second digits", at: fractionStart)
                }
                micros += Int64(bytes[position] - UInt8(ascii: "0")) * scale
                scale /= 10
                position += 1
            }
            guard position > fractionStart else { throw fail("expected digits after '.'") }
        }
        let offsetSeconds = try timeOffset()
        guard position == bytes.count else { throw fail("unexpected characters after the time offset") }
        let seconds = date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1_000_000 + micros
    }

    /// `time-offset`: Z, z, or +hh:mm / -hh:mm; returns seconds east of UTC.
    mutating func timeOffset() throws(TimestampParseError) -> Int {
        guard position < bytes.count else { throw fail("expected a time offset ('Z' or ±hh:mm)") }
        let byte = bytes[position]
        if byte | 0x20 == UInt8(ascii: "z") {
            position += 1
            return 0
        }
        guard byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") else {
            throw fail("expected a time offset ('Z' or ±hh:mm)")
        }
        let start = position
        position += 1
        let hours = try digits(2, "offset hours")
        try expect(UInt8(ascii: ":"), "':' in the time offset")
        let minutes = try digits(2, "offset minutes")
        guard hours < 24, minutes < 60 else { throw fail("time offset is out of range", at: start) }
        let seconds = hours * 3600 + minutes * 60
        return byte == UInt8(ascii: "-") ? -seconds : seconds
    }
}
