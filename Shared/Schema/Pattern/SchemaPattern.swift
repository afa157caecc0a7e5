/// A `pattern` compiled once, at registration, by this module's own linear-time matcher
/// (`RegexParser`, `RegexProgram`): the supported syntax is listed on `RegexParser`.
///
/// Matching is unanchored (`"abc"` matches pattern `b`) and works on Unicode code points
/// (`.` is one code point), as ECMA-262 with the `u` flag does. Because no backtracking is
/// involved, a producer's string cannot make validation take exponential time.
///
/// Equality compares the source text: two patterns are the same only when spelled the same.
struct SchemaPattern: Sendable, Hashable, CustomStringConvertible {
    /// Longest accepted pattern, in code points.
    static let maxLength = 1_000

    /// The pattern as written in the schema.
    let source: String
    private let program: RegexProgram

    /// Compiles `source`; throws a message saying what is unsupported or malformed, and where.
    init(_ source: String) throws(PatternError) {
        guard source.unicodeScalars.count <= Self.maxLength else {
            throw PatternError(message: "pattern is longer than \(Self.maxLength) characters")
        }
        self.source = source
        self.program = try RegexProgram(try RegexParser.parse(source))
    }

    /// True when the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        program.matches(text)
    }

    var description: String { source }

    static func == (lhs: SchemaPattern, rhs: SchemaPattern) -> Bool { lhs.source == rhs.source }
    func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
