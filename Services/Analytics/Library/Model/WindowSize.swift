import SluiceJSON

/// The length of an analysis's windows: 1m, 5m, 15m, 1h or 1d. Windows are half-open
/// `[start, start + length)` in UTC, aligned on multiples of the length since the Unix epoch.
public enum WindowSize: String, Sendable, Hashable, CaseIterable, Codable {
    case oneMinute = "1m"
    case fiveMinutes = "5m"
    case fifteenMinutes = "15m"
    case oneHour = "1h"
    case oneDay = "1d"

    /// The length in microseconds.
    public var microseconds: Int64 {
        switch self {
        case .oneMinute: 60_000_000
        case .fiveMinutes: 300_000_000
        case .fifteenMinutes: 900_000_000
        case .oneHour: 3_600_000_000
        case .oneDay: 86_400_000_000
        }
    }

    /// The length in seconds.
    public var seconds: Int64 { microseconds / 1_000_000 }

    /// The start of the window holding `time`.
    public func windowStart(containing time: Timestamp) -> Timestamp {
        let micros = time.microsecondsSinceEpoch
        let length = microseconds
        var start = micros / length * length
        if start > micros { start -= length }
        return Timestamp(microsecondsSinceEpoch: start)
    }

    /// `[from, to)` widened to whole windows: from the start of `from`'s window to the end of
    /// the window holding the last instant before `to`.
    public func widen(_ range: Range<Timestamp>) -> Range<Timestamp> {
        let start = windowStart(containing: range.lowerBound)
        let last = Timestamp(microsecondsSinceEpoch: max(range.lowerBound.microsecondsSinceEpoch, range.upperBound.microsecondsSinceEpoch - 1))
        let end = Timestamp(microsecondsSinceEpoch: windowStart(containing: last).microsecondsSinceEpoch + microseconds)
        return start..<end
    }

    /// The window starts of a widened range, ascending.
    public func windowStarts(in range: Range<Timestamp>) -> [Timestamp] {
        let widened = widen(range)
        return Array(stride(
            from: widened.lowerBound.microsecondsSinceEpoch, to: widened.upperBound.microsecondsSinceEpoch,
            by: Int(microseconds)
        ).map { Timestamp(microsecondsSinceEpoch: $0) })
    }
}
