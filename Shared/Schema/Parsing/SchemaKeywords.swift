/// The keywords of the supported subset, and the well-known ones refused with a reason.
enum SchemaKeywords {
    /// Keywords that constrain or describe, parsed into `SchemaNode`.
    static let supported: Set<String> = [
        "type", "properties", "required", "additionalProperties", "enum", "const",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
        "pattern", "format", "items", "minItems", "maxItems", "description",
        "$schema", "$id", "title", "examples", "default",
    ]

    /// JSON Schema keywords outside the subset, with why (or what to use instead).
    static let refused: [String: String] = [
        "$ref": "references are not supported; inline the schema",
        "$defs": "definitions are not supported; inline the schema",
        "definitions": "definitions are not supported; inline the schema",
        "$anchor": "anchors are not supported",
        "$dynamicRef": "dynamic references are not supported",
        "$dynamicAnchor": "dynamic anchors are not supported",
        "$vocabulary": "vocabularies are not supported",
        "$comment": "not supported; use description",
        "oneOf": "combinators are not supported; for a nullable field use \"type\": [\"T\", \"null\"]",
        "anyOf": "combinators are not supported; for a nullable field use \"type\": [\"T\", \"null\"]",
        "allOf": "combinators are not supported; merge the schemas",
        "not": "negation is not supported",
        "if": "conditionals are not supported",
        "then": "conditionals are not supported",
        "else": "conditionals are not supported",
        "patternProperties": "not supported; declare properties or use additionalProperties with a schema",
        "propertyNames": "not supported",
        "dependentRequired": "not supported",
        "dependentSchemas": "not supported",
        "dependencies": "not supported",
        "unevaluatedProperties": "not supported; use additionalProperties",
        "unevaluatedItems": "not supported",
        "prefixItems": "tuples are not supported; use items",
        "contains": "not supported",
        "minContains": "not supported",
        "maxContains": "not supported",
        "uniqueItems": "not supported",
        "multipleOf": "not supported",
        "minProperties": "not supported",
        "maxProperties": "not supported",
        "contentEncoding": "not supported",
        "contentMediaType": "not supported",
        "contentSchema": "not supported",
        "readOnly": "not supported",
        "writeOnly": "not supported",
        "deprecated": "not supported; say it in description",
    ]

    /// The only `$schema` accepted: the dialect whose semantics this module implements.
    static let draft2020_12: Set<String> = [
        "https://json-schema.org/draft/2020-12/schema",
        "https://json-schema.org/draft/2020-12/schema#",
    ]
}
