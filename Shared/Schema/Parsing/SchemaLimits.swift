/// Resource limits checked when a schema is registered.
public struct SchemaLimits: Sendable, Hashable {
    /// Deepest nesting of schemas (the root is depth 1; each `properties` member, `items` and
    /// `additionalProperties` schema is one level deeper). Default 16.
    public var maxDepth: Int
    /// Most keywords in the whole document, counting every keyword of every subschema
    /// (annotations included). Default 2,000.
    public var maxKeywords: Int

    public init(maxDepth: Int = 16, maxKeywords: Int = 2_000) {
        self.maxDepth = maxDepth
        self.maxKeywords = maxKeywords
    }

    /// Depth 16, 2,000 keywords.
    public static let `default` = SchemaLimits()
}
