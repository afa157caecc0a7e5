import SluiceJSON

/// A half-open range of time `[from, to)` in microseconds since the epoch, and its widening to
/// whole windows of an analysis (windows are aligned to multiples of their length, in UTC).
public struct WindowRange: Sendable, Hashable {
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }

    public init(from: Timestamp, to: Timestamp) {
        self.init(from: from.microsecondsSinceEpoch, to: to.microsecondsSinceEpoch)
    }

    /// The smallest range of whole windows of `length` covering this one.
    public func widened(toWindowsOf length: Int64) -> WindowRange {
        WindowRange(from: Self.floor(from, length), to: -Self.floor(-to, length))
    }

    /// The window starts in the range (which must be widened), ascending.
    public func windowStarts(length: Int64) -> StrideTo<Int64> { stride(from: from, to: to, by: Int(length)) }

    public var fromTimestamp: Timestamp { Timestamp(microsecondsSinceEpoch: from) }
    public var toTimestamp: Timestamp { Timestamp(microsecondsSinceEpoch: to) }

    /// Floor division for negative values too.
    static func floor(_ value: Int64, _ length: Int64) -> Int64 {
        let remainder = value % length
        return remainder < 0 ? value - remainder - length : value - remainder
    }

    /// Merges window starts (ascending) into the fewest ranges of contiguous windows.
    public static func coalesce(starts: [Int64], length: Int64) -> [WindowRange] {
        var ranges: [WindowRange] = []
        for start in starts {
            if let last = ranges.last, last.to == start {
                ranges[ranges.count - 1].to = start + length
            } else {
                ranges.append(WindowRange(from: start, to: start + length))
            }
        }
        return ranges
    }
}
