import SluiceJSON

/// A lower or upper limit on numbers: `minimum`/`maximum` (inclusive) or
/// `exclusiveMinimum`/`exclusiveMaximum` (exclusive).
struct NumericBound: Sendable, Hashable {
    var value: JSONNumber
    var isExclusive: Bool
}

/// Exact ordering of JSON numbers across their integer and double storage.
enum NumberOrder {
    /// -1, 0 or 1 as `lhs` is below, equal to or above `rhs`, exactly (no rounding of Int64
    /// to Double).
    static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
        switch (lhs.storage, rhs.storage) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.double(let a), .double(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int(let a), .double(let b)): return compare(a, b)
        case (.double(let a), .int(let b)): return -compare(b, a)
        }
    }

    private static func compare(_ integer: Int64, _ double: Double) -> Int {
        if double >= 9_223_372_036_854_775_808.0 { return -1 }
        if double < -9_223_372_036_854_775_808.0 { return 1 }
        let floor = double.rounded(.down)
        let whole = Int64(floor)
        if integer < whole { return -1 }
        if integer > whole { return 1 }
        return double > floor ? -1 : 0
    }
}
