import Foundation
import SluiceJSON

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
        let date = CalendarDate(daysSinceEpoch: days)
        let (year, month, day) = (Int64(date.year), Int64(date.month), Int64(date.day))
        let seconds = microOfDay / 1_000_000
        let fraction = microOfDay % 1_000_000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(seconds / 3600, 2)):"
            + "\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(fraction, 6))+00"
    }

    /// Parses `YYYY-MM-DD[ HH:MM:SS[.ffffff]][+HH[:MM[:SS]]|-...]`.
    static func parse(_ text: String) -> Int64? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), let date = CalendarDate(year: Int(year), month: Int(month), day: Int(day))
        else { return nil }
        var micros = date.daysSinceEpoch * 86_400_000_000
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
