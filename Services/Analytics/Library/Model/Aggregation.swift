/// An aggregation operation of an analysis.
///
/// Percentiles (`p50`, `p90`, `p95`, `p99`) use the nearest-rank definition, the one
/// PostgreSQL's `percentile_disc` implements: with the window's n numeric values sorted
/// ascending, p_q is the value at 1-based position `max(1, ceil(q * n))`. It is always one
/// of the observed values (never interpolated).
public enum AggregationOp: String, Sendable, Hashable, CaseIterable {
    case count, sum, min, max, avg
    case countDistinct = "count_distinct"
    case p50, p90, p95, p99
    /// Population standard deviation of the numeric values.
    case stddev
    /// The fraction (0...1) of the window's events where the field is missing or null; null
    /// for a window without events.
    case nullRate = "null_rate"

    /// True for operations that need a numeric field.
    public var isNumeric: Bool {
        switch self {
        case .sum, .min, .max, .avg, .p50, .p90, .p95, .p99, .stddev: true
        case .count, .countDistinct, .nullRate: false
        }
    }

    /// True when the operation needs a field (`count` does not: it counts events, or with a
    /// field the events where that field is present and not null).
    public var requiresField: Bool { self != .count }

    /// The percentile fraction of `p50` ... `p99`.
    public var percentile: Double? {
        switch self {
        case .p50: 0.5
        case .p90: 0.9
        case .p95: 0.95
        case .p99: 0.99
        default: nil
        }
    }
}

/// One named result of an analysis: `{"name": "p95_ms", "op": "p95", "field": "duration_ms"}`.
public struct Aggregation: Sendable, Hashable {
    /// The key of the value in the annotation's `values`.
    public var name: String
    public var op: AggregationOp
    public var field: FieldPath?

    public init(name: String, op: AggregationOp, field: FieldPath? = nil) {
        self.name = name
        self.op = op
        self.field = field
    }
}
