import SluiceJSON

/// The result of an analysis for one window and group: the content of one annotation.
public struct WindowAnnotation: Sendable, Hashable {
    public var windowStart: Timestamp
    public var windowEnd: Timestamp
    /// `{"country": "DE"}`: the group's value of each groupBy field (null when missing), in
    /// groupBy order; empty without groupBy.
    public var group: JSONObject
    /// Each aggregation's value by name; null when it has no value (no numeric input).
    public var values: JSONObject
    /// Events in the window and group that passed the filter.
    public var eventCount: Int64

    public init(windowStart: Timestamp, windowEnd: Timestamp, group: JSONObject, values: JSONObject, eventCount: Int64) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.group = group
        self.values = values
        self.eventCount = eventCount
    }

    /// The annotation document the cache stores.
    public func document(analysis: String, version: Int, computedAt: Timestamp, traceparents: [String] = []) -> JSONValue {
        var document: JSONObject = [
            "analysis": .string(analysis), "version": .number(JSONNumber(version)),
            "windowStart": .string(windowStart.rfc3339), "windowEnd": .string(windowEnd.rfc3339),
            "group": .object(group), "values": .object(values), "eventCount": .number(JSONNumber(eventCount)),
            "computedAt": .string(computedAt.rfc3339),
        ]
        if !traceparents.isEmpty { document["traceparents"] = .array(traceparents.map { .string($0) }) }
        return .object(document)
    }

    /// A number as JSON: integral values in the exactly representable range as integers.
    static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return .number(JSONNumber(Int64(value))) }
        return .number(JSONNumber(value))
    }

    /// The annotation of an empty window of an analysis without groupBy: count-like values 0,
    /// the others null.
    static func empty(windowStart: Timestamp, size: WindowSize, aggregations: [Aggregation]) -> WindowAnnotation {
        var values = JSONObject()
        for aggregation in aggregations {
            values[aggregation.name] = aggregation.op == .count || aggregation.op == .countDistinct ? 0 : .null
        }
        return WindowAnnotation(
            windowStart: windowStart,
            windowEnd: Timestamp(microsecondsSinceEpoch: windowStart.microsecondsSinceEpoch + size.microseconds),
            group: JSONObject(), values: values, eventCount: 0)
    }
}
