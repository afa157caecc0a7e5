import SluiceJSON

/// The recursive walk behind `Schema.validate`: checks one value against one node, keeping the
/// current location as a stack of path components.
struct Validator {
    let maxIssues: Int
    var issues: [ValidationIssue] = []
    var unknownFields: [String] = []
    var isTruncated = false
    private var path: [JSONPath.Component] = []

    init(maxIssues: Int) {
        self.maxIssues = maxIssues
    }

    private var currentPath: String { JSONPath(components: path).description }

    private mutating func report(_ message: @autoclosure () -> String) {
        guard issues.count < maxIssues else {
            isTruncated = true
            return
        }
        issues.append(ValidationIssue(path: currentPath, message: message()))
    }

    mutating func validate(_ value: JSONValue, against node: SchemaNode) {
        let type = SchemaValueType.of(value)
        guard node.types.accepts(type) else {
            report(Self.typeMismatch(expected: node.types, value: value, type: type))
            return
        }
        if let constValue = node.constValue, value != constValue {
            report("must be \(KeywordReader.render(constValue)), got \(Self.excerpt(value))")
        }
        if let enumSet = node.enumSet, !enumSet.contains(value) {
            report("must be one of \(Self.list(node.enumValues!)), got \(Self.excerpt(value))")
        }
        switch value {
        case .number(let number): checkNumber(number, node)
        case .string(let text): checkString(text, node)
        case .array(let elements): checkArray(elements, node)
        case .object(let object): checkObject(object, node)
        case .null, .bool: break
        }
    }

    private mutating func checkNumber(_ number: JSONNumber, _ node: SchemaNode) {
        if let minimum = node.minimum, NumberOrder.compare(number, minimum) < 0 {
            report("must be >= \(minimum), got \(number)")
        }
        if let bound = node.exclusiveMinimum, NumberOrder.compare(number, bound) <= 0 {
            report("must be > \(bound), got \(number)")
        }
        if let maximum = node.maximum, NumberOrder.compare(number, maximum) > 0 {
            report("must be <= \(maximum), got \(number)")
        }
        if let bound = node.exclusiveMaximum, NumberOrder.compare(number, bound) >= 0 {
            report("must be < \(bound), got \(number)")
        }
    }

    private mutating func checkString(_ text: String, _ node: SchemaNode) {
        if node.minLength != nil || node.maxLength != nil {
            let length = text.unicodeScalars.count
            if let minLength = node.minLength, length < minLength {
                report("must be at least \(minLength) characters long, got \(length)")
            }
            if let maxLength = node.maxLength, length > maxLength {
                report("must be at most \(maxLength) characters long, got \(length)")
            }
        }
        if let pattern = node.pattern, !pattern.matches(text) {
            report("must match pattern \(KeywordReader.render(.string(pattern.source)))")
        }
        if let format = node.format, let problem = FormatCheck.problem(text, format: format) {
            report(problem)
        }
    }

    private mutating func checkArray(_ elements: [JSONValue], _ node: SchemaNode) {
        if let minItems = node.minItems, elements.count < minItems {
            report("must have at least \(minItems) items, got \(elements.count)")
        }
        if let maxItems = node.maxItems, elements.count > maxItems {
            report("must have at most \(maxItems) items, got \(elements.count)")
        }
        guard let items = node.items else { return }
        for (position, element) in elements.enumerated() {
            path.append(.index(position))
            validate(element, against: items)
            path.removeLast()
        }
    }

    private mutating func checkObject(_ object: JSONObject, _ node: SchemaNode) {
        for name in node.required where object[name] == nil {
            path.append(.key(name))
            report("is required")
            path.removeLast()
        }
        for (key, value) in object {
            path.append(.key(key))
            if let position = node.propertyIndex[key] {
                validate(value, against: node.propertyNodes[position])
            } else {
                switch node.additionalProperties {
                case .any:
                    if unknownFields.count < maxIssues { unknownFields.append(currentPath) }
                case .forbidden:
                    report("is not allowed: not declared in properties and additionalProperties is false")
                case .schema(let schema):
                    validate(value, against: schema)
                }
            }
            path.removeLast()
        }
    }

    // MARK: Messages (only built when reported)

    private static func typeMismatch(expected: SchemaTypeSet, value: JSONValue, type: SchemaType) -> String {
        let wanted = expected.types.map(\.withArticle).joined(separator: " or ")
        if type == .number, expected.containsExactly(.integer) {
            return "must be \(wanted), got \(Self.excerpt(value)) (not a whole number)"
        }
        return "must be \(wanted), got \(value.kindName)"
    }

    /// A short rendering of a value for messages (long strings and containers are cut).
    static func excerpt(_ value: JSONValue) -> String {
        switch value {
        case .array: return "an array"
        case .object: return "an object"
        case .string(let text) where text.unicodeScalars.count > 64:
            return KeywordReader.render(.string(String(String.UnicodeScalarView(text.unicodeScalars.prefix(64))))) + "..."
        default: return KeywordReader.render(value)
        }
    }

    private static func list(_ values: [JSONValue]) -> String {
        let shown = values.prefix(20).map(KeywordReader.render).joined(separator: ", ")
        return "[" + shown + (values.count > 20 ? ", ... (\(values.count) values)]" : "]")
    }
}
