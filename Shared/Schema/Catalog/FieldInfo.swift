import SluiceJSON

/// What the schema says about one declared field: enough for the analytics service to refuse
/// an analysis on an unknown field or a numeric operation on a non-numeric one.
public struct FieldInfo: Sendable, Hashable {
    /// Member names from the root of `data`: `["user", "age"]`.
    public var path: [String]
    /// The non-null types the field may have; empty when the schema does not restrict the type.
    public var types: [SchemaType]
    /// True when the field may be `null` (its `type` lists "null", or is absent).
    public var isNullable: Bool
    /// True when the field is in its parent's `required` (the parent itself may be optional).
    public var isRequired: Bool
    /// The schema's `description` of the field.
    public var description: String?
    /// The `format` of a string field.
    public var format: SchemaFormat?
    /// True when the field's values are always numbers (or null): `integer` or `number`.
    public var isNumeric: Bool {
        !types.isEmpty && types.allSatisfy { $0 == .number || $0 == .integer }
    }
    /// True when the field has no declared sub-fields (it is not an object with `properties`).
    public var isLeaf: Bool

    /// `$.user.age` (JSONPath, as in validation issues).
    public var pathString: String {
        JSONPath(components: path.map { .key($0) }).description
    }

    public init(
        path: [String], types: [SchemaType], isNullable: Bool, isRequired: Bool,
        description: String?, format: SchemaFormat?, isLeaf: Bool
    ) {
        self.path = path
        self.types = types
        self.isNullable = isNullable
        self.isRequired = isRequired
        self.description = description
        self.format = format
        self.isLeaf = isLeaf
    }
}
