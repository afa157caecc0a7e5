import SluiceJSON

/// Turns a schema document into `SchemaNode`s, collecting every problem with its path.
///
/// It keeps going after a problem so that one registration attempt reports them all; a node
/// with problems still yields a (partial) node so that its children are checked too.
struct SchemaParser {
    let limits: SchemaLimits
    private(set) var problems: [SchemaProblem] = []
    private var keywordCount = 0
    private var reportedKeywordLimit = false

    init(limits: SchemaLimits) {
        self.limits = limits
    }

    mutating func parseRoot(_ value: JSONValue) -> SchemaNode? {
        guard case .object(let object) = value else {
            fail(.root, "a schema must be a JSON object, got \(value.kindName)")
            return nil
        }
        if object["type"] != .string("object") {
            fail(.root.appending("type"), "the top-level schema must have \"type\": \"object\" (event data is an object)")
        }
        return parseNode(value, at: .root, depth: 1)
    }

    mutating func fail(_ path: JSONPath, _ message: String) {
        problems.append(SchemaProblem(path: path.description, message: message))
    }

    /// Parses one subschema; nil when it is not an object or is too deep.
    mutating func parseNode(_ value: JSONValue, at path: JSONPath, depth: Int) -> SchemaNode? {
        guard case .object(let object) = value else {
            if case .bool = value {
                fail(path, "boolean schemas are not supported here; use {} to accept anything")
            } else {
                fail(path, "a schema must be a JSON object, got \(value.kindName)")
            }
            return nil
        }
        guard depth <= limits.maxDepth else {
            fail(path, "schemas are nested deeper than the limit of \(limits.maxDepth)")
            return nil
        }
        keywordCount += object.count
        if keywordCount > limits.maxKeywords {
            if !reportedKeywordLimit { fail(path, "the schema has more than \(limits.maxKeywords) keywords") }
            reportedKeywordLimit = true
            return nil
        }
        for key in object.keys where !SchemaKeywords.supported.contains(key) {
            if let reason = SchemaKeywords.refused[key] {
                fail(path.appending(key), "keyword \"\(key)\" is not supported: \(reason)")
            } else {
                fail(path.appending(key), "unknown keyword \"\(key)\"")
            }
        }
        var reader = KeywordReader(object: object, path: path)
        defer { problems += reader.problems }

        let types = reader.types()
        let constValue = object["const"]
        let enumValues = reader.enumValues()
        let minimum = reader.number("minimum")
        let maximum = reader.number("maximum")
        let exclusiveMinimum = reader.number("exclusiveMinimum")
        let exclusiveMaximum = reader.number("exclusiveMaximum")
        let minLength = reader.count("minLength")
        let maxLength = reader.count("maxLength")
        let minItems = reader.count("minItems")
        let maxItems = reader.count("maxItems")
        let pattern = reader.pattern()
        let format = reader.format()
        let description = reader.string("description")
        _ = reader.string("title")
        _ = reader.string("$id")
        if let examples = object["examples"], examples.array == nil {
            reader.fail("examples", "must be an array, got \(examples.kindName)")
        }
        if let dialect = object["$schema"] {
            if !path.components.isEmpty {
                reader.fail("$schema", "is only allowed at the top level")
            } else if let text = dialect.string {
                if !SchemaKeywords.draft2020_12.contains(text) {
                    reader.fail("$schema", "only JSON Schema draft 2020-12 is supported, got \"\(text)\"")
                }
            } else {
                reader.fail("$schema", "must be a string, got \(dialect.kindName)")
            }
        }
        let required = reader.required()

        var properties: [(String, SchemaNode)] = []
        if let value = object["properties"] {
            if case .object(let members) = value {
                for (name, member) in members {
                    if let node = parseNode(member, at: path.appending("properties").appending(name), depth: depth + 1) {
                        properties.append((name, node))
                    }
                }
            } else {
                reader.fail("properties", "must be an object, got \(value.kindName)")
            }
        }
        var additional = SchemaNode.AdditionalProperties.any
        switch object["additionalProperties"] {
        case nil, .bool(true)?: additional = .any
        case .bool(false)?: additional = .forbidden
        case .object?:
            if let node = parseNode(object["additionalProperties"]!, at: path.appending("additionalProperties"), depth: depth + 1) {
                // `{}` (or annotations only) means the same as `true`: members of any shape,
                // reported as unknown fields.
                additional = node.acceptsAnything ? .any : .schema(node)
            }
        case let other?:
            reader.fail("additionalProperties", "must be a boolean or a schema object, got \(other.kindName)")
        }
        var items: SchemaNode?
        if let value = object["items"] {
            if case .array = value {
                reader.fail("items", "tuple form (an array of schemas) is not supported; items must be one schema")
            } else {
                items = parseNode(value, at: path.appending("items"), depth: depth + 1)
            }
        }

        reader.checkRanges(
            minimum: minimum, maximum: maximum, exclusiveMinimum: exclusiveMinimum, exclusiveMaximum: exclusiveMaximum,
            minLength: minLength, maxLength: maxLength, minItems: minItems, maxItems: maxItems)
        reader.checkValues(types: types, constValue: constValue, enumValues: enumValues)
        if case .forbidden = additional {
            let declared = Set(object["properties"]?.object?.keys ?? [])
            for (position, name) in required.enumerated() where !declared.contains(name) {
                reader.fail(
                    path.appending("required").appending(position),
                    "\"\(name)\" is required but not declared in properties, and additionalProperties is false: no document could be valid")
            }
        }

        return SchemaNode(
            types: types, constValue: constValue, enumValues: enumValues,
            minimum: minimum, maximum: maximum, exclusiveMinimum: exclusiveMinimum, exclusiveMaximum: exclusiveMaximum,
            minLength: minLength, maxLength: maxLength, pattern: pattern, format: format,
            properties: properties, required: required, additionalProperties: additional,
            items: items, minItems: minItems, maxItems: maxItems, description: description)
    }
}
