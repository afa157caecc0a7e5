import Foundation
import Testing
@testable import SluiceJSON

@Suite struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2026-03-02T14:00:00Z", 1_772_460_000_000_000),
        ("2026-03-02t14:00:00z", 1_772_460_000_000_000),
        ("2026-03-02T16:00:00+02:00", 1_772_460_000_000_000),
        ("2026-03-02T09:30:00-04:30", 1_772_460_000_000_000),
        ("2026-03-02T14:00:00-00:00", 1_772_460_000_000_000),
        ("2026-03-02T14:00:00.5Z", 1_772_460_000_500_000),
        ("2026-03-02T14:00:00.123456Z", 1_772_460_000_123_456),
        ("2026-03-02T14:00:00.123456789Z", 1_772_460_000_123_456),
        ("2026-03-02T14:00:00.000001Z", 1_772_460_000_000_001),
        ("1969-12-31T23:59:59.999999Z", -1),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000_000),
        ("2000-02-29T12:00:00Z", 951_825_600_000_000),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000_000),
        ("9999-12-31T23:59:59.999999Z", 253_402_300_799_999_999),
        ("2026-01-01T00:30:00+23:59", 1_767_141_060_000_000),
    ])
    func parsesValid(text: String, micros: Int64) throws {
        #expect(try Timestamp(rfc3339: text).microsecondsSinceEpoch == micros)
    }

    @Test(arguments: [
        "", "2026-03-02", "2026-03-02T14:00:00", "2026-03-02 14:00:00Z", "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
        "2026-04-31T00:00:00Z", "2026-03-00T00:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T14:60:00Z",
        "2026-03-02T14:00:60Z", "2026-03-02T14:00:61Z", "2026-03-02T14:00:00.Z", "2026-03-02T14:00:00.1234567890Z",
        "2026-03-02T14:00:00+24:00", "2026-03-02T14:00:00+02:60", "2026-03-02T14:00:00+0200", "2026-03-02T14:00:00+02",
        "2026-03-02T14:00:00Zx", "26-03-02T14:00:00Z", "2026-3-2T14:00:00Z", "2026-03-02T4:00:00Z",
        "0000-01-01T00:00:00Z", " 2026-03-02T14:00:00Z", "2026-03-02T14:00:00,5Z", "２026-03-02T14:00:00Z",
    ])
    func rejectsInvalid(text: String) {
        #expect(throws: TimestampParseError.self) { try Timestamp(rfc3339: text) }
    }

    @Test func explainsRejections() {
        let error = #expect(throws: TimestampParseError.self) { try Timestamp(rfc3339: "2026-02-30T00:00:00Z") }
        #expect(error?.description == "day 30 does not exist in 2026-02 (at character 8)")
        let fraction = #expect(throws: TimestampParseError.self) { try Timestamp(rfc3339: "2026-03-02T14:00:00.1234567890Z") }
        #expect(fraction?.reason == "more than 9 fractional second digits")
    }

    @Test func formatsUTCWithMicrosecondsOnlyWhenNonZero() throws {
        #expect(Timestamp(microsecondsSinceEpoch: 1_772_460_000_000_000).rfc3339 == "2026-03-02T14:00:00Z")
        #expect(Timestamp(microsecondsSinceEpoch: 1_772_460_000_120_000).rfc3339 == "2026-03-02T14:00:00.120000Z")
        #expect(Timestamp(microsecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59.999999Z")
        #expect(Timestamp(microsecondsSinceEpoch: 0).description == "1970-01-01T00:00:00Z")
        #expect(try Timestamp(rfc3339: "2026-03-02T16:00:00.5+02:00").rfc3339 == "2026-03-02T14:00:00.500000Z")
        #expect(try Timestamp(rfc3339: "0001-01-01T00:00:00Z").rfc3339 == "0001-01-01T00:00:00Z")
    }

    @Test func formatParseRoundTripAcrossManyInstants() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let span: Int64 = 253_402_300_799_999_999 + 62_135_596_800_000_000  // years 0001 to 9999
            let micros = Int64(state >> 9) % span - 62_135_596_800_000_000
            let instant = Timestamp(microsecondsSinceEpoch: micros)
            #expect(try Timestamp(rfc3339: instant.rfc3339) == instant)
        }
    }

    @Test func convertsToAndFromDate() {
        let date = Date(timeIntervalSince1970: 1_772_460_000.123456)
        let timestamp = Timestamp(date)
        #expect(timestamp.microsecondsSinceEpoch == 1_772_460_000_123_456)
        #expect(abs(timestamp.date.timeIntervalSince1970 - 1_772_460_000.123456) < 1e-6)
        #expect(Timestamp(Timestamp(microsecondsSinceEpoch: -1_500_000).date).microsecondsSinceEpoch == -1_500_000)
        let now = Date()
        #expect(abs(Timestamp.now().date.timeIntervalSince(now)) < 60)
    }

    @Test func matchesFoundationCalendarForEveryDayOfSomeYears() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Foundation switches to the Julian calendar before 1582; compare from 1600 to 9999.
        for days in stride(from: Int64(-135_000), to: 2_932_000, by: 997) {
            let date = CalendarDate(daysSinceEpoch: days)
            let components = calendar.dateComponents(
                [.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(date.year == components.year && date.month == components.month && date.day == components.day)
            #expect(date.daysSinceEpoch == days)
        }
    }

    @Test func parsesDateOnly() throws {
        #expect(try CalendarDate(iso8601: "2026-03-02") == CalendarDate(year: 2026, month: 3, day: 2))
        #expect(try CalendarDate(iso8601: "2024-02-29").startOfDay.rfc3339 == "2024-02-29T00:00:00Z")
        #expect(try CalendarDate(iso8601: "1970-01-02").daysSinceEpoch == 1)
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2026, month: 3, day: 2)?.description == "2026-03-02")
        for bad in ["2026-02-30", "2026-03-02T00:00:00Z", "2026-3-02", "20260302", "2026-03-02 ", "0000-01-01"] {
            #expect(throws: TimestampParseError.self) { try CalendarDate(iso8601: bad) }
        }
        #expect(try Timestamp(rfc3339: "2026-03-02T23:59:59.999999-05:00").calendarDate.description == "2026-03-03")
        #expect(CalendarDate(year: 2026, month: 1, day: 1)! < CalendarDate(year: 2026, month: 1, day: 2)!)
    }
}
