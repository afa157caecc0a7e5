import SluiceSchema

/// The built-in data-quality profile of a topic: an hourly analysis named `profile-<topic>`
/// (dots in the topic become `_`), declared and kept in step with the topic's newest schema by
/// `AnalyticsService`, so it is computed, versioned and stored like any other analysis.
///
/// Its checks are the one part declared by hand (`ProfileDeclarations`).
///
/// Values per window: `events` (count), and for every leaf field of the schema
/// `<field>.null_rate` (missing or null), plus for numeric fields `<field>.min`, `.max`,
/// `.mean` and `.stddev` (population).
public enum DataQualityProfile {
    /// Names starting with this are reserved for profiles.
    public static let namePrefix = "profile-"

    /// The profile analysis's name for `topic`.
    public static func analysisName(topic: String) -> String {
        namePrefix + topic.replacingOccurrences(of: ".", with: "_")
    }

    /// The profile's definition for a topic with `schema`, with the `checks` declared on it
    /// (`PUT /v1/analyses/{profile}/checks`) whose value the profile still computes (a check on
    /// a field the schema dropped is left out until the field comes back). Fields are capped so
    /// the query stays within the aggregation limit.
    public static func definition(
        topic: String, schema: Schema, window: WindowSize = .oneHour, checks: [Check] = []
    ) -> AnalysisDefinition {
        var aggregations = [Aggregation(name: "events", op: .count)]
        for field in schema.leafFields {
            guard let path = FieldPath(field.path.joined(separator: ".")), field.path.allSatisfy({ !$0.contains(".") })
            else { continue }
            let extra = field.isNumeric ? 5 : 1
            guard aggregations.count + extra <= maximumAggregations else { break }
            aggregations.append(Aggregation(name: "\(path).null_rate", op: .nullRate, field: path))
            if field.isNumeric {
                aggregations.append(Aggregation(name: "\(path).min", op: .min, field: path))
                aggregations.append(Aggregation(name: "\(path).max", op: .max, field: path))
                aggregations.append(Aggregation(name: "\(path).mean", op: .avg, field: path))
                aggregations.append(Aggregation(name: "\(path).stddev", op: .stddev, field: path))
            }
        }
        let names = Set(aggregations.map(\.name))
        return AnalysisDefinition(
            topic: topic, window: window, aggregations: aggregations,
            checks: checks.filter { $0.value == "eventCount" || names.contains($0.value) })
    }

    /// The most aggregations of a profile.
    public static let maximumAggregations = 64
}
