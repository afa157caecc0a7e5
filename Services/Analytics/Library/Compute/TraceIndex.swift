import SluiceEventLog
import SluiceJSON

/// Which producers' `traceparent`s led to which annotation: per window and group, the
/// traceparents of the records (of a consumer's claim) that fall in it, at most
/// `perAnnotation` each, so the trace follows an event into the annotations it affects.
public struct TraceIndex: Sendable, Hashable {
    public static let perAnnotation = 10
    private var entries: [String: [String]] = [:]

    public init() {}

    /// Indexes the records with a traceparent that pass the definition's filter.
    public init(records: [SluiceEventLog.LogRecord], definition: AnalysisDefinition) {
        for record in records {
            guard let traceparent = record.attributes.traceparent,
                definition.filter.allSatisfy({ ReferenceAggregator.matches($0, record.payload) })
            else { continue }
            var group = JSONObject()
            for field in definition.groupBy { group[field.description] = ReferenceAggregator.value(at: field, in: record.payload) }
            let key = Self.key(definition.window.windowStart(containing: record.time), group)
            if entries[key, default: []].count < Self.perAnnotation, !(entries[key]?.contains(traceparent) ?? false) {
                entries[key, default: []].append(traceparent)
            }
        }
    }

    /// The traceparents of one annotation.
    public func traceparents(of annotation: WindowAnnotation) -> [String] {
        entries[Self.key(annotation.windowStart, annotation.group)] ?? []
    }

    public var isEmpty: Bool { entries.isEmpty }

    static func key(_ start: Timestamp, _ group: JSONObject) -> String {
        "\(start.microsecondsSinceEpoch)|" + String(decoding: JSONSerializer.canonical(.object(group)), as: UTF8.self)
    }
}
