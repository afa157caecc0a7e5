import SluiceJSON

/// A registered data contract: a JSON Schema (draft 2020-12) in the subset Sluice supports,
/// parsed and checked once, then used to validate events, describe fields and compare versions.
///
/// The subset:
/// - `type`: one of object, array, string, number, integer, boolean, null, or one of them
///   plus "null" (`["string", "null"]`, a nullable field); absent means any type. A number
///   with a zero fraction (`1.0`) is an integer.
/// - objects: `properties`, `required`, `additionalProperties` (boolean or a schema);
///   arrays: `items` (one schema), `minItems`, `maxItems`;
///   numbers: `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`;
///   strings: `minLength`, `maxLength` (in code points), `pattern` (see `RegexParser` for the
///   ECMA-262 syntax accepted; unanchored), `format` (validated: see `SchemaFormat`);
///   any value: `enum`, `const`.
/// - annotations: `description` (exposed through `FieldInfo`), `title`, `examples`, `default`,
///   `$id`, and `$schema` (top level only, and only draft 2020-12).
/// - The top level must be `"type": "object"`. Everything else is refused with its path:
///   other keywords (`$ref`, `oneOf`, `patternProperties`, unknown ones), wrong value types,
///   negative counts, empty or duplicate `enum`s, bounds no value satisfies, `required` names
///   that `additionalProperties: false` makes impossible, `enum`/`const` values of the wrong
///   type, and limits (`SchemaLimits`: nesting depth, keyword count).
///
/// ```swift
/// let schema = try Schema.parse(try JSONParser.parse(body))      // throws(SchemaError)
/// let result = schema.validate(event["data"]!)
/// if !result.isValid { /* 422 with result.errors */ }
/// ```
///
/// Equality compares the registered JSON (member order ignored), which is also what `json`
/// and `serialized()` return: the registry stores and hands back exactly what was registered.
public struct Schema: Sendable, Equatable, CustomStringConvertible {
    /// The schema document as registered.
    public let json: JSONValue
    /// The parsed root (always an object schema).
    let root: SchemaNode

    init(json: JSONValue, root: SchemaNode) {
        self.json = json
        self.root = root
    }

    /// Parses and checks a schema document with the default limits.
    ///
    /// - Throws: `SchemaError` listing every problem found, each with the JSON path of the
    ///   offending keyword (`$.properties.age.minimum`).
    public static func parse(_ value: JSONValue) throws(SchemaError) -> Schema {
        try parse(value, limits: .default)
    }

    /// Parses and checks a schema document with explicit limits.
    public static func parse(_ value: JSONValue, limits: SchemaLimits) throws(SchemaError) -> Schema {
        var parser = SchemaParser(limits: limits)
        let root = parser.parseRoot(value)
        guard let root, parser.problems.isEmpty else { throw SchemaError(problems: parser.problems) }
        return Schema(json: value, root: root)
    }

    /// The compact JSON of the registered document (members in registration order).
    public func serialized() -> [UInt8] { JSONSerializer.serialize(json) }

    /// The canonical (RFC 8785 style) bytes of the document: hash them to fingerprint a
    /// schema so that re-registering an identical one is recognised.
    public func canonicalBytes() -> [UInt8] {
        var buffer: [UInt8] = []
        JSONSerializer.appendCanonical(json, to: &buffer)
        return buffer
    }

    /// The compact JSON of the document.
    public var description: String { String(decoding: serialized(), as: UTF8.self) }

    public static func == (lhs: Schema, rhs: Schema) -> Bool { lhs.json == rhs.json }
}
