/// A `pattern` compiled once, at registration.
///
/// Backed by Swift's `Regex`, restricted by `PatternSyntax` to constructs that mean the same in
/// ECMA-262, and configured for ECMA-like matching: Unicode scalar semantics (`.` is one code
/// point, not one grapheme), ASCII-only `\d` and `\w` (as in ECMA-262), `^`/`$` anchored at
/// the ends of the whole string. Matching is unanchored (`"abc"` matches pattern `b`).
///
/// Equality compares the source text: two patterns are the same only when spelled the same.
struct SchemaPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written in the schema.
    let source: String
    private let regex: CompiledRegex

    /// `Regex` is a value type whose compiled program is created once and then only read;
    /// the standard library initializes that program lazily with an atomic, so sharing a
    /// compiled `Regex` between threads is safe. It is simply not annotated `Sendable`.
    private struct CompiledRegex: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
    }

    /// Compiles `source`; throws a message saying what is unsupported or malformed.
    init(_ source: String) throws(PatternError) {
        if let problem = PatternSyntax.unsupportedConstruct(in: source) { throw PatternError(message: problem) }
        let compiled: Regex<AnyRegexOutput>
        do {
            compiled = try Regex(source)
                .matchingSemantics(.unicodeScalar)
                .asciiOnlyDigits()
                .asciiOnlyWordCharacters()
        } catch {
            throw PatternError(message: "invalid regular expression: \(error)")
        }
        self.source = source
        self.regex = CompiledRegex(regex: compiled)
        // Run once so that the program is compiled now, at registration, not on the first event.
        _ = "".contains(compiled)
    }

    /// True when the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        text.contains(regex.regex)
    }

    var description: String { source }

    static func == (lhs: SchemaPattern, rhs: SchemaPattern) -> Bool { lhs.source == rhs.source }
    func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// Why a pattern was refused.
struct PatternError: Error {
    let message: String
}
