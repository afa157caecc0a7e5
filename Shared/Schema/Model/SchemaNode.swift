import SluiceJSON

/// One parsed (sub)schema: every keyword of the supported subset as a typed, checked value.
///
/// Immutable and shared: the validator and the compatibility checker walk a tree of these.
/// A class, so that recursion passes a pointer instead of copying large structs.
final class SchemaNode: Sendable {
    /// What an object may contain besides its declared `properties`.
    enum AdditionalProperties: Sendable {
        /// Anything (`true`, or the keyword absent): such members are reported as unknown fields.
        case any
        /// Nothing (`false`): such members are errors.
        case forbidden
        /// Members validated against this schema (a map-like object); not reported as unknown.
        /// Never a schema that accepts anything: `{}` is parsed as `any`.
        case schema(SchemaNode)
    }

    let types: SchemaTypeSet
    let constValue: JSONValue?
    /// `enum` in schema order (for messages) and as a set (for lookups).
    let enumValues: [JSONValue]?
    let enumSet: Set<JSONValue>?
    let minimum: JSONNumber?
    let maximum: JSONNumber?
    let exclusiveMinimum: JSONNumber?
    let exclusiveMaximum: JSONNumber?
    let minLength: Int?
    let maxLength: Int?
    let pattern: SchemaPattern?
    let format: SchemaFormat?
    /// Declared properties in schema order, with a name index.
    let propertyNames: [String]
    let propertyNodes: [SchemaNode]
    let propertyIndex: [String: Int]
    let required: [String]
    let additionalProperties: AdditionalProperties
    let items: SchemaNode?
    let minItems: Int?
    let maxItems: Int?
    let description: String?

    init(
        types: SchemaTypeSet, constValue: JSONValue?, enumValues: [JSONValue]?,
        minimum: JSONNumber?, maximum: JSONNumber?, exclusiveMinimum: JSONNumber?, exclusiveMaximum: JSONNumber?,
        minLength: Int?, maxLength: Int?, pattern: SchemaPattern?, format: SchemaFormat?,
        properties: [(String, SchemaNode)], required: [String], additionalProperties: AdditionalProperties,
        items: SchemaNode?, minItems: Int?, maxItems: Int?, description: String?
    ) {
        self.types = types
        self.constValue = constValue
        self.enumValues = enumValues
        self.enumSet = enumValues.map(Set.init)
        self.minimum = minimum
        self.maximum = maximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.format = format
        self.propertyNames = properties.map(\.0)
        self.propertyNodes = properties.map(\.1)
        var index: [String: Int] = [:]
        for (position, name) in propertyNames.enumerated() { index[name] = position }
        self.propertyIndex = index
        self.required = required
        self.additionalProperties = additionalProperties
        self.items = items
        self.minItems = minItems
        self.maxItems = maxItems
        self.description = description
    }

    /// The schema of the declared property `name`, or nil.
    func property(_ name: String) -> SchemaNode? {
        propertyIndex[name].map { propertyNodes[$0] }
    }

    /// True when the node accepts every JSON value (`{}` or annotations only).
    var acceptsAnything: Bool {
        guard types.isAny, constValue == nil, enumValues == nil else { return false }
        guard minimum == nil, maximum == nil, exclusiveMinimum == nil, exclusiveMaximum == nil else { return false }
        guard minLength == nil, maxLength == nil, pattern == nil, format == nil else { return false }
        guard minItems == nil, maxItems == nil, items?.acceptsAnything ?? true else { return false }
        guard required.isEmpty, propertyNodes.allSatisfy(\.acceptsAnything) else { return false }
        switch additionalProperties {
        case .any: return true
        case .forbidden: return false
        case .schema(let node): return node.acceptsAnything
        }
    }

    /// The tighter of `minimum` and `exclusiveMinimum`.
    var lowerBound: NumericBound? {
        Self.tighter(minimum.map { NumericBound(value: $0, isExclusive: false) },
            exclusiveMinimum.map { NumericBound(value: $0, isExclusive: true) }, lower: true)
    }

    /// The tighter of `maximum` and `exclusiveMaximum`.
    var upperBound: NumericBound? {
        Self.tighter(maximum.map { NumericBound(value: $0, isExclusive: false) },
            exclusiveMaximum.map { NumericBound(value: $0, isExclusive: true) }, lower: false)
    }

    private static func tighter(_ inclusive: NumericBound?, _ exclusive: NumericBound?, lower: Bool) -> NumericBound? {
        guard let inclusive else { return exclusive }
        guard let exclusive else { return inclusive }
        let order = NumberOrder.compare(inclusive.value, exclusive.value)
        if order == 0 { return exclusive }
        return (order > 0) == lower ? inclusive : exclusive
    }
}
