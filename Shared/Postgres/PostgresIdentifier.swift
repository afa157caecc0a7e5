/// A validated SQL identifier (table, schema, column, LISTEN channel), optionally
/// schema-qualified (`schema.name`), rendered double-quoted.
///
/// Each part must match `[a-z_][a-z0-9_]*` and be at most 63 bytes: lower case because
/// PostgreSQL folds unquoted names to lower case, so quoting a lower-case name refers to the
/// same object as writing it bare. Anything else (quotes, spaces, semicolons) is refused,
/// which is what makes quoting these names injection-proof.
public struct PostgresIdentifier: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The parts: `["ingest", "events"]` for `ingest.events`.
    public let parts: [String]

    /// Validates `name`; throws `PostgresError` of kind `.invalidArgument` when it is not a
    /// plain lower-case identifier or a `schema.name` pair of them.
    public init(_ name: String) throws(PostgresError) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, parts.allSatisfy(Self.isValidPart) else {
            throw PostgresError(
                kind: .invalidArgument,
                message: "invalid identifier: use [a-z_][a-z0-9_]* (at most 63 bytes), optionally schema-qualified")
        }
        self.parts = parts
    }

    /// For literals in code; traps on an invalid identifier (a programming error).
    public init(stringLiteral value: String) {
        do {
            try self.init(value)
        } catch {
            preconditionFailure("invalid SQL identifier literal \"\(value)\"")
        }
    }

    /// The identifier as SQL: each part double-quoted.
    public var quoted: String { parts.map { "\"\($0)\"" }.joined(separator: ".") }

    /// The identifier as written (`schema.name`), unquoted.
    public var description: String { parts.joined(separator: ".") }

    static func isValidPart(_ part: String) -> Bool {
        let bytes = Array(part.utf8)
        guard let first = bytes.first, bytes.count <= 63 else { return false }
        func isLetter(_ c: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || c == UInt8(ascii: "_") }
        return isLetter(first) && bytes.allSatisfy { isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
