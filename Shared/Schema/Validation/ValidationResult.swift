/// One reason a document does not match its schema.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// Where, as a JSON path from the validated value: `$.user.age`, `$.items[3].sku`.
    /// For a missing required member, the path of the member that should be there.
    public var path: String
    /// What is wrong, e.g. `must be >= 0, got -3`. Safe to return to the producer.
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `$.user.age: must be >= 0, got -3`.
    public var description: String { "\(path): \(message)" }
}

/// The outcome of `Schema.validate`: every issue (up to a cap) and the undeclared members seen.
public struct ValidationResult: Sendable, Hashable {
    /// The most issues one validation reports by default; see `isTruncated`.
    public static let defaultMaxIssues = 100

    /// The issues found, in document order, at most the cap given to `validate`.
    public var errors: [ValidationIssue]
    /// True when more issues existed than were reported.
    public var isTruncated: Bool
    /// Paths of members that no `properties` declares, in objects whose `additionalProperties`
    /// is `true` or absent (so they are accepted): the raw material of schema-drift detection.
    /// Members of an object whose `additionalProperties` is a schema are declared as a map, so
    /// they are not listed. Capped like `errors`. Nested members of an unknown member are not
    /// listed separately.
    public var unknownFields: [String]

    public init(errors: [ValidationIssue] = [], isTruncated: Bool = false, unknownFields: [String] = []) {
        self.errors = errors
        self.isTruncated = isTruncated
        self.unknownFields = unknownFields
    }

    /// True when there are no errors, reported or cut off by the cap (unknown fields do not
    /// make a document invalid).
    public var isValid: Bool { errors.isEmpty && !isTruncated }
}
