/// A calendar day without time or zone (RFC 3339 `full-date`, JSON Schema's `date` format):
/// `2026-03-02`. Years 0001–9999 when parsed. `Codable` as its ISO 8601 string.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1–12.
    public let month: Int
    /// 1–31.
    public let day: Int

    /// A date, or nil when the day does not exist (Feb 30, month 13, year 0).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CivilCalendar.daysInMonth(month, year: year)
        else { return nil }
        self.init(uncheckedYear: year, month: month, day: day)
    }

    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    public init(daysSinceEpoch days: Int64) {
        let civil = CivilCalendar.civilFromDays(days)
        self.init(uncheckedYear: civil.year, month: civil.month, day: civil.day)
    }

    /// Parses `YYYY-MM-DD` strictly (exactly that, a real day, years 0001–9999).
    public init(iso8601 text: some StringProtocol) throws(TimestampParseError) {
        var text = String(text)
        let result: Result<CalendarDate, TimestampParseError> = text.withUTF8 { bytes in
            var scanner = RFC3339Scanner(bytes: bytes)
            do throws(TimestampParseError) {
                let date = try scanner.fullDate()
                guard scanner.position == bytes.count else {
                    throw scanner.fail("unexpected characters after the date")
                }
                return .success(date)
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int64 {
        CivilCalendar.daysFromCivil(year: year, month: month, day: day)
    }

    /// Midnight UTC at the start of this day.
    public var startOfDay: Timestamp {
        Timestamp(secondsSinceEpoch: daysSinceEpoch * 86_400)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        var buffer: [UInt8] = []
        appendISO8601(to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    func appendISO8601(to buffer: inout [UInt8]) {
        if year < 0 { buffer.append(UInt8(ascii: "-")) }
        Timestamp.appendDigits(abs(year), width: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        Timestamp.appendDigits(month, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        Timestamp.appendDigits(day, width: 2, to: &buffer)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
