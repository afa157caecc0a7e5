/// The parsed form of a `pattern`: what `RegexParser` produces and `RegexCompiler` lowers.
indirect enum RegexNode: Sendable {
    /// Matches the empty string.
    case empty
    /// One code point out of a set.
    case scalar(ScalarClass)
    /// One after the other.
    case concatenation([RegexNode])
    /// Any one of.
    case alternation([RegexNode])
    /// `min` to `max` (nil: unbounded) times; laziness does not change whether a string matches.
    case repetition(RegexNode, min: Int, max: Int?)
    /// A zero-width test.
    case assertion(RegexAssertion)
}

/// Zero-width tests ECMA-262 defines without the multiline flag.
enum RegexAssertion: Sendable {
    /// `^`: the start of the string.
    case start
    /// `$`: the end of the string.
    case end
    /// `\b`: between a word and a non-word code point (ASCII word characters, as in ECMA-262).
    case wordBoundary
    /// `\B`.
    case notWordBoundary
}

/// A set of code points: a class (`[a-z\d]`), an escape (`\w`), `.` or one literal.
struct ScalarClass: Sendable {
    /// Inclusive code point ranges.
    var ranges: [ClosedRange<UInt32>]
    /// Nested sets (`\D` inside a class), matched when any matches.
    var nested: [ScalarClass]
    /// True for `[^...]` and the upper-case escapes.
    var isNegated: Bool

    init(ranges: [ClosedRange<UInt32>] = [], nested: [ScalarClass] = [], isNegated: Bool = false) {
        self.ranges = ranges
        self.nested = nested
        self.isNegated = isNegated
    }

    static func literal(_ value: UInt32) -> ScalarClass { ScalarClass(ranges: [value...value]) }

    func contains(_ value: UInt32) -> Bool {
        var found = false
        for range in ranges where range.contains(value) {
            found = true
            break
        }
        if !found {
            for set in nested where set.contains(value) {
                found = true
                break
            }
        }
        return found != isNegated
    }

    /// `\d`: ASCII digits.
    static let digit = ScalarClass(ranges: [0x30...0x39])
    /// `\w`: ASCII letters, digits and `_`.
    static let word = ScalarClass(ranges: [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// `\s`: ECMA-262 WhiteSpace and LineTerminator.
    static let space = ScalarClass(ranges: [
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
        0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    /// `.`: anything but a line terminator.
    static let dot = ScalarClass(ranges: [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029], isNegated: true)

    var negated: ScalarClass { ScalarClass(nested: [self], isNegated: true) }
}
