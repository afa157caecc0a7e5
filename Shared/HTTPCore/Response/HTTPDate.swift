/// IMF-fixdate formatting (RFC 9110 section 5.6.7) from Unix seconds, without Foundation,
/// with a one-entry cache so a busy loop formats the Date header once per second.
public struct HTTPDateCache: Sendable {
    private var cachedSecond: Int64 = .min
    private var cachedValue: [UInt8] = []

    public init() {}

    /// The `Date` value for `unixSeconds` (e.g. "Sun, 06 Nov 1994 08:49:37 GMT") as bytes.
    public mutating func value(unixSeconds: Int64) -> [UInt8] {
        if unixSeconds != cachedSecond {
            cachedSecond = unixSeconds
            cachedValue = Array(Self.format(unixSeconds: unixSeconds).utf8)
        }
        return cachedValue
    }

    /// Formats seconds since 1970 as IMF-fixdate.
    public static func format(unixSeconds: Int64) -> String {
        let days = unixSeconds >= 0 ? unixSeconds / 86400 : (unixSeconds - 86399) / 86400
        let secondsOfDay = unixSeconds - days * 86400
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(two(day)) \(months[Int(month - 1)]) \(year) \(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60)) GMT"
    }
}
