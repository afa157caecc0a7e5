import Foundation

extension Timestamp {
    /// The instant of a Foundation `Date`, rounded to the nearest microsecond.
    public init(_ date: Date) {
        microsecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The current time.
    public static func now() -> Timestamp {
        Timestamp(Date())
    }

    /// This instant as a Foundation `Date` (a `Double` of seconds: exact to the microsecond
    /// for dates within a few centuries of 1970).
    public var date: Date {
        let seconds = microsecondsSinceEpoch.floorDivided(by: 1_000_000)
        let micros = microsecondsSinceEpoch.floorModulo(1_000_000)
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}
