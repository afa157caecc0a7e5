/// An instant with microsecond precision (PostgreSQL's `timestamptz` resolution), stored as
/// microseconds since 1970-01-01T00:00:00Z.
///
/// Parse RFC 3339 date-times strictly (section 5.6): `2026-03-02T14:00:00Z`,
/// `2026-03-02t14:00:00.123456789+02:00`. Accepted: `T`/`t` and `Z`/`z`; 1–9 fractional
/// digits (digits beyond the sixth are truncated, not rounded); offsets `±hh:mm` with hours
/// 00–23 (`-00:00` is UTC). Rejected: years outside 0001–9999, days that do not exist (Feb 30,
/// Feb 29 in a non-leap year), out-of-range fields, leap second `60` (PostgreSQL would move it
/// to the next minute; we ask the producer to), a space instead of `T`, missing offsets,
/// and anything after the offset.
///
/// Formatting is always UTC with `Z`, with exactly six fractional digits when the
/// microseconds are non-zero: `2026-03-02T12:00:00Z`, `2026-03-02T12:00:00.120000Z`.
/// Instants outside years 0001–9999 format with however many year digits they need and are
/// not valid RFC 3339; parsed values never fall there.
///
/// `Codable` as its RFC 3339 string.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z (negative before it).
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// Whole seconds since the epoch.
    public init(secondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = secondsSinceEpoch * 1_000_000
    }

    /// Parses an RFC 3339 date-time; throws with the reason and offset when it is not one.
    public init(rfc3339 text: some StringProtocol) throws(TimestampParseError) {
        var text = String(text)
        let result: Result<Int64, TimestampParseError> = text.withUTF8 { bytes in
            var scanner = RFC3339Scanner(bytes: bytes)
            do throws(TimestampParseError) { return .success(try scanner.dateTime()) } catch { return .failure(error) }
        }
        microsecondsSinceEpoch = try result.get()
    }

    /// Parses an RFC 3339 date-time from UTF-8 bytes.
    public init(rfc3339 bytes: UnsafeBufferPointer<UInt8>) throws(TimestampParseError) {
        var scanner = RFC3339Scanner(bytes: bytes)
        microsecondsSinceEpoch = try scanner.dateTime()
    }

    /// The UTC calendar day this instant falls on.
    public var calendarDate: CalendarDate {
        CalendarDate(daysSinceEpoch: microsecondsSinceEpoch.floorDivided(by: 86_400_000_000))
    }

    /// The RFC 3339 form in UTC: `2026-03-02T14:00:00Z` or `2026-03-02T14:00:00.000123Z`.
    public var rfc3339: String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(27)
        appendRFC3339(to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends the RFC 3339 form (no quotes) to `buffer`.
    public func appendRFC3339(to buffer: inout [UInt8]) {
        let micros = microsecondsSinceEpoch.floorModulo(86_400_000_000)
        calendarDate.appendISO8601(to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        let secondOfDay = Int(micros / 1_000_000)
        Self.appendDigits(secondOfDay / 3600, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        Self.appendDigits(secondOfDay / 60 % 60, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        Self.appendDigits(secondOfDay % 60, width: 2, to: &buffer)
        let fraction = Int(micros % 1_000_000)
        if fraction != 0 {
            buffer.append(UInt8(ascii: "."))
            Self.appendDigits(fraction, width: 6, to: &buffer)
        }
        buffer.append(UInt8(ascii: "Z"))
    }

    public var description: String { rfc3339 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    static func appendDigits(_ value: Int, width: Int, to buffer: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var value = value
        if value >= divisor * 10 {  // wider than `width` (years beyond 9999)
            buffer.append(contentsOf: String(value).utf8)
            return
        }
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(value / divisor))
            value %= divisor
            divisor /= 10
        }
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }

    func floorModulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
