import SluiceJSON

/// Reads and checks the keyword values of one schema object, recording problems with paths.
struct KeywordReader {
    let object: JSONObject
    let path: JSONPath
    private(set) var problems: [SchemaProblem] = []

    init(object: JSONObject, path: JSONPath) {
        self.object = object
        self.path = path
    }

    mutating func fail(_ keyword: String, _ message: String) {
        fail(path.appending(keyword), message)
    }

    mutating func fail(_ path: JSONPath, _ message: String) {
        problems.append(SchemaProblem(path: path.description, message: message))
    }

    /// `type`: one type name, or an array of one type plus "null" (a nullable field).
    mutating func types() -> SchemaTypeSet {
        guard let value = object["type"] else { return .any }
        switch value {
        case .string(let name):
            guard let type = SchemaType(rawValue: name) else {
                fail("type", "unknown type \"\(name)\"; expected one of \(Self.typeNames)")
                return .any
            }
            return SchemaTypeSet([type])
        case .array(let elements):
            guard !elements.isEmpty else {
                fail("type", "must not be an empty array")
                return .any
            }
            var set = SchemaTypeSet.empty
            for (position, element) in elements.enumerated() {
                let elementPath = path.appending("type").appending(position)
                guard let name = element.string else {
                    fail(elementPath, "must be a type name string, got \(element.kindName)")
                    continue
                }
                guard let type = SchemaType(rawValue: name) else {
                    fail(elementPath, "unknown type \"\(name)\"; expected one of \(Self.typeNames)")
                    continue
                }
                if set.containsExactly(type) { fail(elementPath, "type \"\(name)\" is listed twice") }
                set.insert(type)
            }
            if set.nonNullTypes.count > 1 {
                fail("type", "a union may only add \"null\" to one type (a nullable field), got [\(set.types.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))]")
            }
            return set == .empty ? .any : set
        default:
            fail("type", "must be a type name or an array of type names, got \(value.kindName)")
            return .any
        }
    }

    private static let typeNames = SchemaType.allCases.map(\.rawValue).joined(separator: ", ")

    mutating func enumValues() -> [JSONValue]? {
        guard let value = object["enum"] else { return nil }
        guard case .array(let elements) = value else {
            fail("enum", "must be an array, got \(value.kindName)")
            return nil
        }
        if elements.isEmpty { fail("enum", "must not be empty: no value could be valid") }
        var seen = Set<JSONValue>()
        for (position, element) in elements.enumerated() where !seen.insert(element).inserted {
            fail(path.appending("enum").appending(position), "duplicate enum value \(Self.render(element))")
        }
        return elements
    }

    mutating func number(_ keyword: String) -> JSONNumber? {
        guard let value = object[keyword] else { return nil }
        guard case .number(let number) = value else {
            fail(keyword, "must be a number, got \(value.kindName)")
            return nil
        }
        return number
    }

    /// A non-negative integer keyword (`minLength`, `maxItems`, ...). `2.0` counts as 2.
    mutating func count(_ keyword: String) -> Int? {
        guard let value = object[keyword] else { return nil }
        guard case .number(let number) = value else {
            fail(keyword, "must be a non-negative integer, got \(value.kindName)")
            return nil
        }
        guard let integer = number.int64, let count = Int(exactly: integer) else {
            fail(keyword, "must be a non-negative integer, got \(number)")
            return nil
        }
        guard count >= 0 else {
            fail(keyword, "must not be negative, got \(count)")
            return nil
        }
        return count
    }

    mutating func string(_ keyword: String) -> String? {
        guard let value = object[keyword] else { return nil }
        guard case .string(let text) = value else {
            fail(keyword, "must be a string, got \(value.kindName)")
            return nil
        }
        return text
    }

    mutating func pattern() -> SchemaPattern? {
        guard let source = string("pattern") else { return nil }
        do {
            return try SchemaPattern(source)
        } catch {
            fail("pattern", "invalid pattern: \(error.message)")
            return nil
        }
    }

    mutating func format() -> SchemaFormat? {
        guard let name = string("format") else { return nil }
        guard let format = SchemaFormat(rawValue: name) else {
            let known = SchemaFormat.allCases.map(\.rawValue).joined(separator: ", ")
            fail("format", "unsupported format \"\(name)\"; supported: \(known)")
            return nil
        }
        return format
    }

    mutating func required() -> [String] {
        guard let value = object["required"] else { return [] }
        guard case .array(let elements) = value else {
            fail("required", "must be an array of property names, got \(value.kindName)")
            return []
        }
        var names: [String] = []
        var seen = Set<String>()
        for (position, element) in elements.enumerated() {
            guard let name = element.string else {
                fail(path.appending("required").appending(position), "must be a property name string, got \(element.kindName)")
                continue
            }
            if seen.insert(name).inserted {
                names.append(name)
            } else {
                fail(path.appending("required").appending(position), "\"\(name)\" is listed twice")
            }
        }
        return names
    }

    /// Refuses bounds that no value could satisfy (min > max and the exclusive variants).
    mutating func checkRanges(
        minimum: JSONNumber?, maximum: JSONNumber?, exclusiveMinimum: JSONNumber?, exclusiveMaximum: JSONNumber?,
        minLength: Int?, maxLength: Int?, minItems: Int?, maxItems: Int?
    ) {
        func above(_ a: JSONNumber?, _ b: JSONNumber?, orEqual: Bool) -> Bool {
            guard let a, let b else { return false }
            let order = NumberOrder.compare(a, b)
            return order > 0 || (orEqual && order == 0)
        }
        if above(minimum, maximum, orEqual: false) {
            fail("minimum", "minimum \(minimum!) is greater than maximum \(maximum!)")
        }
        if above(exclusiveMinimum, exclusiveMaximum, orEqual: true) {
            fail("exclusiveMinimum", "exclusiveMinimum \(exclusiveMinimum!) leaves no value below exclusiveMaximum \(exclusiveMaximum!)")
        }
        if above(minimum, exclusiveMaximum, orEqual: true) {
            fail("minimum", "minimum \(minimum!) leaves no value below exclusiveMaximum \(exclusiveMaximum!)")
        }
        if above(exclusiveMinimum, maximum, orEqual: true) {
            fail("exclusiveMinimum", "exclusiveMinimum \(exclusiveMinimum!) leaves no value up to maximum \(maximum!)")
        }
        if let minLength, let maxLength, minLength > maxLength {
            fail("minLength", "minLength \(minLength) is greater than maxLength \(maxLength)")
        }
        if let minItems, let maxItems, minItems > maxItems {
            fail("minItems", "minItems \(minItems) is greater than maxItems \(maxItems)")
        }
    }

    /// Refuses `const`/`enum` values the node's own `type` rejects, and a nullable `type`
    /// whose `null` the `enum`/`const` would reject anyway (a contract that says one thing
    /// and validates another).
    mutating func checkValues(types: SchemaTypeSet, constValue: JSONValue?, enumValues: [JSONValue]?) {
        guard !types.isAny else { return }
        if let constValue {
            if !types.accepts(SchemaValueType.of(constValue)) {
                fail("const", "const \(Self.render(constValue)) is not of type \(types.summary)")
            } else if types.containsExactly(.null), constValue != .null {
                fail("const", "type allows null but const \(Self.render(constValue)) does not")
            }
        }
        if let enumValues {
            for (position, value) in enumValues.enumerated() where !types.accepts(SchemaValueType.of(value)) {
                fail(path.appending("enum").appending(position), "enum value \(Self.render(value)) is not of type \(types.summary)")
            }
            if types.containsExactly(.null), !enumValues.contains(.null) {
                fail("enum", "type allows null but enum does not contain null; add null to enum or remove it from type")
            }
        }
    }

    /// Compact JSON for messages.
    static func render(_ value: JSONValue) -> String {
        String(decoding: JSONSerializer.serialize(value), as: UTF8.self)
    }
}

/// The schema type of a JSON value, as `type` sees it.
enum SchemaValueType {
    /// `1.0` is an integer (JSON Schema counts any number with a zero fractional part).
    @inline(__always)
    static func of(_ value: JSONValue) -> SchemaType {
        switch value {
        case .null: return .null
        case .bool: return .boolean
        case .number(let number): return number.isIntegral ? .integer : .number
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }
}
