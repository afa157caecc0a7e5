import SluiceJSON

/// One condition of an analysis's filter; the conditions are combined with "and".
///
/// A missing field counts as `null`. `=`, `!=` and `in` compare JSON values exactly (so
/// `country != "DE"` keeps events without a country). `<`, `<=`, `>`, `>=` take a number or a
/// string: numbers compare numerically and only with numeric fields' values, strings by their
/// UTF-8 bytes and only with string values; a value of another kind does not match.
/// `exists` (value `true`, the default, or `false`) tests that the field is present and not null.
public struct FilterCondition: Sendable, Hashable {
    /// The comparison.
    public enum Op: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case `in`
        case exists

        /// True for the ordering comparisons.
        public var isOrdering: Bool { [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(self) }
    }

    public var field: FieldPath
    public var op: Op
    /// The operand: any JSON value for `=`/`!=`, an array for `in`, a number or string for
    /// orderings, a boolean for `exists`.
    public var value: JSONValue

    public init(field: FieldPath, op: Op, value: JSONValue) {
        self.field = field
        self.op = op
        self.value = value
    }
}
