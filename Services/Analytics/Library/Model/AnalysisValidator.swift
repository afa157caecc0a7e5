import SluiceJSON
import SluiceSchema

/// Checks a parsed definition against its topic's schema: every field must be declared, and a
/// numeric operation (sum, min, max, avg, percentiles) or a numeric ordering needs a field whose
/// values are numbers. Pure: the caller looks the schema up.
public enum AnalysisValidator {
    /// The faults of `definition` under `schema` (empty when it is valid).
    public static func issues(of definition: AnalysisDefinition, schema: Schema) -> [DefinitionIssue] {
        var issues: [DefinitionIssue] = []
        func declared(_ field: FieldPath, path: String) -> FieldInfo? {
            guard let info = schema.field(at: field.components) else {
                issues.append(DefinitionIssue(
                    path: path, message: "the topic \(definition.topic)'s schema declares no field \(field)"))
                return nil
            }
            return info
        }
        for (index, condition) in definition.filter.enumerated() {
            guard let info = declared(condition.field, path: "$.filter[\(index)].field") else { continue }
            if condition.op.isOrdering, condition.value.number != nil, !info.isNumeric {
                issues.append(DefinitionIssue(
                    path: "$.filter[\(index)].field",
                    message: "\(condition.field) is not numeric, it cannot be compared with a number"))
            }
        }
        for (index, field) in definition.groupBy.enumerated() {
            guard let info = declared(field, path: "$.groupBy[\(index)]") else { continue }
            if !info.isLeaf {
                issues.append(DefinitionIssue(path: "$.groupBy[\(index)]", message: "\(field) is an object, not a value"))
            }
        }
        for (index, aggregation) in definition.aggregations.enumerated() {
            guard let field = aggregation.field,
                let info = declared(field, path: "$.aggregations[\(index)].field")
            else { continue }
            if aggregation.op.isNumeric, !info.isNumeric {
                issues.append(DefinitionIssue(
                    path: "$.aggregations[\(index)].field",
                    message: "\(aggregation.op.rawValue) needs a numeric field; \(field) is \(typeName(info))"))
            }
        }
        return issues
    }

    private static func typeName(_ info: FieldInfo) -> String {
        info.types.isEmpty ? "of any type" : info.types.map { "\($0)" }.joined(separator: " or ")
    }
}
