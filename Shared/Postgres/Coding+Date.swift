import Foundation

/// `Date` travels as timestamptz with microsecond precision (rounded to the nearest
/// microsecond), always written in UTC. Connections set `TimeZone = 'UTC'` and
/// `DateStyle = 'ISO'`, so results come back as `2026-11-22 03:44:28.123456+00`.
extension Date: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresDataType { .timestamptz }

    public var postgresText: String? {
        PostgresTimestamp.format(microsecondsSince1970: PostgresTimestamp.microseconds(of: self))
    }

    /// Decodes timestamptz, timestamp (taken as UTC) and date (UTC midnight).
    /// `infinity` and `-infinity` become `distantFuture` and `distantPast`.
    public init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) {
        guard type == .timestamptz || type == .timestamp || type == .date else {
            throw PostgresDecodingFailure("column is not a timestamp or date")
        }
        switch text {
        case "infinity": self = .distantFuture
        case "-infinity": self = .distantPast
        default:
            guard let micros = PostgresTimestamp.parse(text) else {
                throw PostgresDecodingFailure("not an ISO timestamp (is DateStyle ISO?)")
            }
            self = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        }
    }
}

/// Pure conversions between microseconds since 1970 (UTC) and PostgreSQL's ISO text.
enum PostgresTimestamp {
    static func microseconds(of date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    static func format(microsecondsSince1970 micros: Int64) -> String {
        let (days, microOfDay) = floorDivide(micros, 86_400_000_000)
        let (year, month, day) = civil(fromDays: days)
        let seconds = microOfDay / 1_000_000
        let fraction = microOfDay % 1_000_000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(seconds / 3600, 2)):"
            + "\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(fraction, 6))+00"
    }

    /// Parses `YYYY-MM-DD[ HH:MM:SS[.ffffff]][+HH[:MM[:SS]]|-...]`.
    static func parse(_ text: String) -> Int64? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var micros = daysFromCivil(year: year, month: month, day: day) * 86_400_000_000
        if scanner.skip(" ") || scanner.skip("T") {
            guard let hour = scanner.number(2), scanner.skip(":"), let minute = scanner.number(2), scanner.skip(":"),
                let second = scanner.number(2)
            else { return nil }
            micros += (hour * 3600 + minute * 60 + second) * 1_000_000
            if scanner.skip(".") {
                var fraction: Int64 = 0
                var digits = 0
                while let digit = scanner.digit() {
                    if digits < 6 { fraction = fraction * 10 + digit }
                    digits += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 6) { fraction *= 10 }
                micros += fraction
            }
        }
        if let sign = scanner.sign() {
            guard let hours = scanner.number(2) else { return nil }
            var offset = hours * 3600
            if scanner.skip(":") {
                guard let minutes = scanner.number(2) else { return nil }
                offset += minutes * 60
                if scanner.skip(":") {
                    guard let seconds = scanner.number(2) else { return nil }
                    offset += seconds
                }
            }
            micros -= sign * offset * 1_000_000
        }
        return scanner.atEnd ? micros : nil
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian, day 0 = 1970-01-01).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let quotient = a / b
        let remainder = a % b
        return remainder < 0 ? (quotient - 1, remainder + b) : (quotient, remainder)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A tiny cursor over ASCII digits for the timestamp parser.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func digit() -> Int64? {
        guard index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else {
            return nil
        }
        defer { index += 1 }
        return Int64(bytes[index] - UInt8(ascii: "0"))
    }

    /// At least `count` digits (years may have more than four).
    mutating func number(_ count: Int) -> Int64? {
        var value: Int64 = 0
        var read = 0
        while read < (count == 4 ? 9 : count), let d = digit() {
            value = value * 10 + d
            read += 1
        }
        return read >= count ? value : nil
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func sign() -> Int64? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
