import SluiceJSON

/// Numeric bounds: the reader's effective lower bound must not be above the writer's, its upper
/// bound not below; at an equal value, an exclusive reader bound needs an exclusive writer bound.
enum NumberRules {
    static func compare(reader: SchemaNode, writer: SchemaNode, at path: String, in comparison: inout ReadComparison) {
        check(reader: reader.lowerBound, writer: writer.lowerBound, lower: true, at: path, in: &comparison)
        check(reader: reader.upperBound, writer: writer.upperBound, lower: false, at: path, in: &comparison)
    }

    private static func check(
        reader: NumericBound?, writer: NumericBound?, lower: Bool, at path: String, in comparison: inout ReadComparison
    ) {
        guard let reader else { return }
        let change: String
        let offending: String
        if let writer {
            let order = NumberOrder.compare(reader.value, writer.value)
            let tighter = lower ? order > 0 : order < 0
            guard tighter || (order == 0 && reader.isExclusive && !writer.isExclusive) else { return }
            if reader.isExclusive == writer.isExclusive {
                change = comparison.changed(keyword(reader, lower), reader: "\(reader.value)", writer: "\(writer.value)")
            } else {
                change = comparison.changed(
                    lower ? "lower bound" : "upper bound", reader: condition(reader, lower), writer: condition(writer, lower))
            }
            offending = order == 0 ? "the value \(reader.value)" : outside(reader, lower)
        } else {
            change = comparison.changed(keyword(reader, lower), reader: "\(reader.value)", writer: nil)
            offending = outside(reader, lower)
        }
        comparison.report(
            path, change,
            "data written with version \(comparison.writerVersion) may have \(offending) here, which version \(comparison.readerVersion) rejects")
    }

    private static func keyword(_ bound: NumericBound, _ lower: Bool) -> String {
        switch (lower, bound.isExclusive) {
        case (true, false): return "minimum"
        case (true, true): return "exclusiveMinimum"
        case (false, false): return "maximum"
        case (false, true): return "exclusiveMaximum"
        }
    }

    /// ">= 0", "< 10".
    private static func condition(_ bound: NumericBound, _ lower: Bool) -> String {
        (lower ? (bound.isExclusive ? "> " : ">= ") : (bound.isExclusive ? "< " : "<= ")) + "\(bound.value)"
    }

    /// The values the reader's bound excludes: "values below 5", "values at or above 10".
    private static func outside(_ bound: NumericBound, _ lower: Bool) -> String {
        switch (lower, bound.isExclusive) {
        case (true, false): return "values below \(bound.value)"
        case (true, true): return "values at or below \(bound.value)"
        case (false, false): return "values above \(bound.value)"
        case (false, true): return "values at or above \(bound.value)"
        }
    }
}
