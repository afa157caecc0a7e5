import SluiceJSON

/// The name and bounds of one records partition: topic `topicID`'s records whose event time
/// falls on `day` (UTC), in table `eventlog.records_t<topicID>_d<yyyymmdd>`.
///
/// DDL cannot take bound parameters, so partition DDL is the one place the log writes SQL
/// text itself; it is built only from this type's integer fields and never from a topic
/// name or any other input string.
public struct PartitionName: Sendable, Hashable, Comparable {
    public let topicID: Int32
    /// Days since 1970-01-01 (UTC).
    public let day: Int64

    public init(topicID: Int32, day: Int64) {
        precondition(topicID > 0, "topic ids are positive")
        self.topicID = topicID
        self.day = day
    }

    /// The partition holding records of `topicID` with event time `time`.
    public init(topicID: Int32, time: Timestamp) {
        self.init(topicID: topicID, day: time.calendarDate.daysSinceEpoch)
    }

    /// The calendar date of `day`.
    public var date: CalendarDate { CalendarDate(daysSinceEpoch: day) }

    /// `records_t7_d20261122` (unqualified).
    public var tableName: String {
        let date = date
        return "records_t\(topicID)_d\(Self.digits(date.year, 4))\(Self.digits(date.month, 2))\(Self.digits(date.day, 2))"
    }

    /// `eventlog.records_t7_d20261122`.
    public var qualifiedName: String { "eventlog.\(tableName)" }

    /// `'2026-11-22 00:00:00+00'`: the partition's lower bound as a SQL literal.
    public var lowerBoundLiteral: String { Self.literal(day) }

    /// The exclusive upper bound (the next midnight) as a SQL literal.
    public var upperBoundLiteral: String { Self.literal(day + 1) }

    /// Parses a table name made by `tableName`; nil for anything else.
    public init?(tableName: String) {
        guard tableName.hasPrefix("records_t"), let separator = tableName.range(of: "_d") else { return nil }
        let idText = tableName[tableName.index(tableName.startIndex, offsetBy: 9)..<separator.lowerBound]
        let dateText = tableName[separator.upperBound...]
        guard let id = Int32(idText), id > 0, dateText.count == 8, dateText.allSatisfy(\.isASCII),
            let year = Int(dateText.prefix(4)), let month = Int(dateText.dropFirst(4).prefix(2)),
            let day = Int(dateText.suffix(2)), let date = CalendarDate(year: year, month: month, day: day)
        else { return nil }
        self.init(topicID: id, day: date.daysSinceEpoch)
    }

    public static func < (lhs: PartitionName, rhs: PartitionName) -> Bool {
        (lhs.topicID, lhs.day) < (rhs.topicID, rhs.day)
    }

    static func literal(_ day: Int64) -> String {
        let date = CalendarDate(daysSinceEpoch: day)
        return "'\(digits(date.year, 4))-\(digits(date.month, 2))-\(digits(date.day, 2)) 00:00:00+00'"
    }

    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
