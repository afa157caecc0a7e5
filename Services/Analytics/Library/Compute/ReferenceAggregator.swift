import SluiceJSON

/// The meaning of an analysis, computed in Swift from records: filter, window, group,
/// aggregate. Production computes the same in PostgreSQL (`WindowQuery`); tests hold the two
/// to the same answers. Pure.
public enum ReferenceAggregator {
    /// The annotations of every window whose start is in `windowStarts`, from `records` (which
    /// may hold more). Without groupBy every requested window has exactly one annotation.
    public static func compute(
        _ definition: AnalysisDefinition, records: [(time: Timestamp, payload: JSONValue)], windowStarts: [Timestamp]
    ) -> [WindowAnnotation] {
        let size = definition.window
        let wanted = Set(windowStarts)
        struct Key: Hashable {
            var start: Timestamp
            var group: [JSONValue]
        }
        var buckets: [Key: [JSONValue]] = [:]
        for record in records {
            let start = size.windowStart(containing: record.time)
            guard wanted.contains(start), definition.filter.allSatisfy({ matches($0, record.payload) }) else { continue }
            let group = definition.groupBy.map { value(at: $0, in: record.payload) }
            buckets[Key(start: start, group: group), default: []].append(record.payload)
        }
        var results: [WindowAnnotation] = []
        for (key, payloads) in buckets {
            var group = JSONObject()
            for (field, value) in zip(definition.groupBy, key.group) { group[field.description] = value }
            var values = JSONObject()
            for aggregation in definition.aggregations {
                values[aggregation.name] = aggregate(aggregation, payloads)
            }
            results.append(WindowAnnotation(
                windowStart: key.start,
                windowEnd: Timestamp(microsecondsSinceEpoch: key.start.microsecondsSinceEpoch + size.microseconds),
                group: group, values: values, eventCount: Int64(payloads.count)))
        }
        if definition.groupBy.isEmpty {
            let present = Set(results.map(\.windowStart))
            for start in wanted where !present.contains(start) {
                results.append(.empty(windowStart: start, size: size, aggregations: definition.aggregations))
            }
        }
        return sorted(results)
    }

    /// Annotations in a stable order: by window start, then by the group's canonical JSON.
    public static func sorted(_ annotations: [WindowAnnotation]) -> [WindowAnnotation] {
        annotations.sorted { lhs, rhs in
            if lhs.windowStart != rhs.windowStart { return lhs.windowStart < rhs.windowStart }
            return JSONSerializer.canonical(.object(lhs.group)).lexicographicallyPrecedes(
                JSONSerializer.canonical(.object(rhs.group)))
        }
    }

    /// The value at `path` (null when missing).
    static func value(at path: FieldPath, in payload: JSONValue) -> JSONValue {
        var node = payload
        for name in path.components {
            guard let next = node[name] else { return .null }
            node = next
        }
        return node
    }

    static func matches(_ condition: FilterCondition, _ payload: JSONValue) -> Bool {
        let actual = value(at: condition.field, in: payload)
        switch condition.op {
        case .equal: return actual == condition.value
        case .notEqual: return actual != condition.value
        case .in: return condition.value.array?.contains(actual) ?? false
        case .exists: return !actual.isNull == (condition.value.bool ?? true)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order: Int
            if let bound = condition.value.double {
                guard let number = actual.double, actual.number != nil else { return false }
                order = number < bound ? -1 : (number > bound ? 1 : 0)
            } else if let bound = condition.value.string {
                guard let text = actual.string else { return false }
                let lhs = Array(text.utf8), rhs = Array(bound.utf8)
                order = lhs == rhs ? 0 : (lhs.lexicographicallyPrecedes(rhs) ? -1 : 1)
            } else {
                return false
            }
            switch condition.op {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }

    static func aggregate(_ aggregation: Aggregation, _ payloads: [JSONValue]) -> JSONValue {
        guard let field = aggregation.field else { return .number(JSONNumber(payloads.count)) }
        let values = payloads.map { value(at: field, in: $0) }
        switch aggregation.op {
        case .count: return .number(JSONNumber(values.count { !$0.isNull }))
        case .countDistinct: return .number(JSONNumber(Set(values.filter { !$0.isNull }).count))
        case .nullRate:
            guard !values.isEmpty else { return .null }
            return WindowAnnotation.number(Double(values.count { $0.isNull }) / Double(values.count))
        default: break
        }
        let numbers = values.compactMap { value -> Double? in value.number?.double }
        guard !numbers.isEmpty else { return .null }
        switch aggregation.op {
        case .sum: return WindowAnnotation.number(numbers.reduce(0, +))
        case .min: return WindowAnnotation.number(numbers.min())
        case .max: return WindowAnnotation.number(numbers.max())
        case .avg: return WindowAnnotation.number(numbers.reduce(0, +) / Double(numbers.count))
        case .stddev:
            let mean = numbers.reduce(0, +) / Double(numbers.count)
            let variance = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(numbers.count)
            return WindowAnnotation.number(variance.squareRoot())
        default:
            let fraction = aggregation.op.percentile ?? 0.5
            let ordered = numbers.sorted()
            let rank = max(1, Int((fraction * Double(ordered.count)).rounded(.up)))
            return WindowAnnotation.number(ordered[min(rank, ordered.count) - 1])
        }
    }
}
