/// One reason a schema was refused: where (the JSON path of the offending keyword, e.g.
/// `$.properties.age.minimum`) and what is wrong.
public struct SchemaProblem: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `$.properties.age.minimum: must be a number, got string`.
    public var description: String { "\(path): \(message)" }
}

/// Why `Schema.parse` refused a document: every problem found, not only the first.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [SchemaProblem]

    public init(problems: [SchemaProblem]) {
        self.problems = problems
    }

    /// The problems, one per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
