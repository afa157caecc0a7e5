import SluiceJSON

/// What an analysis computes: for each window of `window` over the events of `topic` that pass
/// every `filter` condition, grouped by up to three `groupBy` fields, the `aggregations`.
///
/// Parsed from the body of `PUT /v1/analyses/{name}` by `init(json:)`, which collects every
/// structural fault (`DefinitionIssue`); `AnalysisValidator` then checks it against the topic's schema.
public struct AnalysisDefinition: Sendable, Hashable {
    public var topic: String
    public var window: WindowSize
    public var filter: [FilterCondition]
    public var groupBy: [FieldPath]
    public var aggregations: [Aggregation]
    /// Checks on the annotations (alerts); see `Check`.
    public var checks: [Check]

    /// The most `groupBy` fields.
    public static let maximumGroupBy = 3
    /// The most aggregations and filter conditions.
    public static let maximumAggregations = 64
    public static let maximumConditions = 32

    public init(
        topic: String, window: WindowSize, filter: [FilterCondition] = [], groupBy: [FieldPath] = [],
        aggregations: [Aggregation], checks: [Check] = []
    ) {
        self.topic = topic
        self.window = window
        self.filter = filter
        self.groupBy = groupBy
        self.aggregations = aggregations
        self.checks = checks
    }

    /// The definition as JSON, in the shape it is declared in (stable member order, so two
    /// equal definitions serialize equally).
    public var json: JSONValue {
        var object: JSONObject = [
            "topic": .string(topic), "window": .string(window.rawValue),
            "filter": .array(filter.map { condition in
                ["field": .string(condition.field.description), "op": .string(condition.op.rawValue), "value": condition.value]
            }),
            "groupBy": .array(groupBy.map { .string($0.description) }),
        ]
        object["aggregations"] = .array(aggregations.map { aggregation in
            var member: JSONObject = ["name": .string(aggregation.name), "op": .string(aggregation.op.rawValue)]
            if let field = aggregation.field { member["field"] = .string(field.description) }
            return .object(member)
        })
        if !checks.isEmpty { object["checks"] = .array(checks.map(\.json)) }
        return .object(object)
    }
}

/// One fault of a declaration, named by its JSON path in the request body.
public struct DefinitionIssue: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// The faults of a declaration (answered as 422 with each one).
public struct DefinitionError: Error, Sendable, Hashable {
    public var issues: [DefinitionIssue]
    public init(issues: [DefinitionIssue]) { self.issues = issues }
}

extension AnalysisDefinition {
    /// Parses a declaration, collecting every structural fault.
    public init(json: JSONValue) throws(DefinitionError) {
        var issues: [DefinitionIssue] = []
        guard let object = json.object else {
            throw DefinitionError(issues: [DefinitionIssue(path: "$", message: "expected an object, found \(json.kindName)")])
        }
        let known: Set<String> = [
            "topic", "window", "filter", "groupBy", "aggregations", "checks", "name", "version", "createdAt", "updatedAt",
            "rebuildRunId",
        ]
        for key in object.keys where !known.contains(key) {
            issues.append(DefinitionIssue(path: "$.\(key)", message: "unknown member"))
        }
        let topic = object["topic"]?.string ?? ""
        if topic.isEmpty { issues.append(DefinitionIssue(path: "$.topic", message: "expected the name of a topic")) }
        let windowText = object["window"]?.string ?? ""
        let window = WindowSize(rawValue: windowText)
        if window == nil {
            issues.append(DefinitionIssue(
                path: "$.window", message: "expected one of \(WindowSize.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let filter = Self.parseFilter(object["filter"], issues: &issues)
        let groupBy = Self.parseGroupBy(object["groupBy"], issues: &issues)
        let aggregations = Self.parseAggregations(object["aggregations"], issues: &issues)
        let checks = Check.parseList(object["checks"], aggregations: aggregations, issues: &issues)
        guard issues.isEmpty, let window else { throw DefinitionError(issues: issues) }
        self.init(topic: topic, window: window, filter: filter, groupBy: groupBy, aggregations: aggregations, checks: checks)
    }

    private static func parseFilter(_ value: JSONValue?, issues: inout [DefinitionIssue]) -> [FilterCondition] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.array else {
            issues.append(DefinitionIssue(path: "$.filter", message: "expected an array of conditions"))
            return []
        }
        if items.count > maximumConditions {
            issues.append(DefinitionIssue(path: "$.filter", message: "at most \(maximumConditions) conditions"))
        }
        var conditions: [FilterCondition] = []
        for (index, item) in items.enumerated() {
            let path = "$.filter[\(index)]"
            guard let field = item["field"]?.string.flatMap(FieldPath.init) else {
                issues.append(DefinitionIssue(path: "\(path).field", message: "expected a field path such as \"user.country\""))
                continue
            }
            guard let op = item["op"]?.string.flatMap(FilterCondition.Op.init(rawValue:)) else {
                issues.append(DefinitionIssue(
                    path: "\(path).op",
                    message: "expected one of \(FilterCondition.Op.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            let operand = item["value"]
            switch op {
            case .exists:
                guard let flag = operand.map({ $0.isNull ? true : $0.bool }) ?? true else {
                    issues.append(DefinitionIssue(path: "\(path).value", message: "expected true or false for exists"))
                    continue
                }
                conditions.append(FilterCondition(field: field, op: op, value: .bool(flag)))
            case .in:
                guard let list = operand?.array, !list.isEmpty, list.count <= 1000 else {
                    issues.append(DefinitionIssue(path: "\(path).value", message: "expected an array of 1 to 1000 values for in"))
                    continue
                }
                conditions.append(FilterCondition(field: field, op: op, value: .array(list)))
            case .equal, .notEqual:
                guard let operand, operand.array == nil, operand.object == nil else {
                    issues.append(DefinitionIssue(path: "\(path).value", message: "expected a string, number, boolean or null"))
                    continue
                }
                conditions.append(FilterCondition(field: field, op: op, value: operand))
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                guard let operand, operand.number != nil || operand.string != nil else {
                    issues.append(DefinitionIssue(path: "\(path).value", message: "expected a number or a string"))
                    continue
                }
                conditions.append(FilterCondition(field: field, op: op, value: operand))
            }
        }
        return conditions
    }

    private static func parseGroupBy(_ value: JSONValue?, issues: inout [DefinitionIssue]) -> [FieldPath] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.array else {
            issues.append(DefinitionIssue(path: "$.groupBy", message: "expected an array of field paths"))
            return []
        }
        if items.count > maximumGroupBy {
            issues.append(DefinitionIssue(path: "$.groupBy", message: "at most \(maximumGroupBy) fields"))
        }
        var fields: [FieldPath] = []
        for (index, item) in items.enumerated() {
            guard let field = item.string.flatMap(FieldPath.init) else {
                issues.append(DefinitionIssue(path: "$.groupBy[\(index)]", message: "expected a field path such as \"country\""))
                continue
            }
            if fields.contains(field) {
                issues.append(DefinitionIssue(path: "$.groupBy[\(index)]", message: "\(field) is listed twice"))
            }
            fields.append(field)
        }
        return fields
    }

    private static func parseAggregations(_ value: JSONValue?, issues: inout [DefinitionIssue]) -> [Aggregation] {
        guard let items = value?.array, !items.isEmpty else {
            issues.append(DefinitionIssue(path: "$.aggregations", message: "expected a non-empty array of aggregations"))
            return []
        }
        if items.count > maximumAggregations {
            issues.append(DefinitionIssue(path: "$.aggregations", message: "at most \(maximumAggregations) aggregations"))
        }
        var aggregations: [Aggregation] = []
        for (index, item) in items.enumerated() {
            let path = "$.aggregations[\(index)]"
            guard let name = item["name"]?.string, isValidAggregationName(name) else {
                issues.append(DefinitionIssue(
                    path: "\(path).name", message: "expected a name of 1-100 letters, digits, '_', '-' or '.'"))
                continue
            }
            if aggregations.contains(where: { $0.name == name }) {
                issues.append(DefinitionIssue(path: "\(path).name", message: "the name \(name) is used twice"))
            }
            guard let op = item["op"]?.string.flatMap(AggregationOp.init(rawValue:)) else {
                issues.append(DefinitionIssue(
                    path: "\(path).op",
                    message: "expected one of \(AggregationOp.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            var field: FieldPath?
            if let fieldValue = item["field"], !fieldValue.isNull {
                guard let parsed = fieldValue.string.flatMap(FieldPath.init) else {
                    issues.append(DefinitionIssue(path: "\(path).field", message: "expected a field path"))
                    continue
                }
                field = parsed
            } else if op.requiresField {
                issues.append(DefinitionIssue(path: "\(path).field", message: "\(op.rawValue) needs a field"))
                continue
            }
            aggregations.append(Aggregation(name: name, op: op, field: field))
        }
        return aggregations
    }

    /// Aggregation names: 1-100 of `a-z A-Z 0-9 _ - .`, starting with a letter.
    public static func isValidAggregationName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...100).contains(bytes.count), let first = bytes.first,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first | 0x20)
        else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
    }

    /// Analysis names: 1-64 of `a-z A-Z 0-9 _ -`, starting with a letter.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first | 0x20)
        else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
