import Testing

@testable import SluiceSchema

@Suite("Pattern matching")
struct PatternMatchingTests {
    static let cases: [(pattern: String, text: String, matches: Bool)] = [
        ("", "", true), ("", "anything", true),
        ("b", "abc", true), ("d", "abc", false),  // unanchored
        ("^ab", "abc", true), ("^bc", "abc", false), ("bc$", "abc", true), ("ab$", "abc", false),
        ("^abc$", "abc\n", false), ("^$", "", true), ("^$", "x", false),
        ("a|b", "xbx", true), ("^(a|bc)+$", "abcabc", true), ("^(a|bc)+$", "abcab", false),
        ("^a*$", "", true), ("^a+$", "", false), ("^a?b$", "b", true), ("^a?b$", "aab", false),
        ("^a{2}$", "aa", true), ("^a{2}$", "aaa", false), ("^a{2,}$", "aaaa", true), ("^a{2,3}$", "aaaa", false),
        ("^a{0}b$", "b", true), ("^a{1,2}?$", "aa", true), ("^(?:ab){2}$", "abab", true),
        ("^[a-c]+$", "abcabc", true), ("^[a-c]+$", "abcd", false), ("^[^a-c]+$", "xyz", true), ("^[^a-c]+$", "xaz", false),
        ("^[\\w-]+$", "a_b-9", true), ("^[\\w-]+$", "a b", false), ("^[-a]$", "-", true),
        ("^\\d+$", "0123456789", true), ("^\\d+$", "١٢٣", false), ("^\\D$", "x", true), ("^\\D$", "5", false),
        ("^\\w+$", "é", false), ("^\\W$", "é", true),
        ("^\\s$", " ", true), ("^\\s$", "\u{3000}", true), ("^\\s$", "\u{FEFF}", true), ("^\\S$", " ", false),
        ("^[^\\s\\d]+$", "abc", true), ("^[^\\s\\d]+$", "a1", false),
        ("^.$", "😀", true), ("^.$", "e\u{301}", false), ("^..$", "e\u{301}", true), ("^.$", "\n", false), ("^.$", "\r", false),
        ("^\\u0041$", "A", true), ("^\\u{1F600}$", "😀", true), ("^\\x41$", "A", true), ("^\\cJ$", "\n", true),
        ("^\\0$", "\u{0}", true), ("^[\\b]$", "\u{8}", true),
        ("\\bcat\\b", "a cat sat", true), ("\\bcat\\b", "concat", false), ("\\Bcat", "concat", true), ("\\Bcat\\B", "cat", false),
        ("^\\/path\\.$", "/path.", true), ("^\\(\\)\\[\\]\\{\\}\\|\\*\\+\\?\\^\\$\\\\$", "()[]{}|*+?^$\\", true),
        ("^[\\]\\[]+$", "][", true),
        ("^(?<year>\\d{4})-(?<month>\\d{2})$", "2026-03", true), ("^(?<year>\\d{4})-(?<month>\\d{2})$", "2026-3", false),
        ("^(a|b|)*c$", "ababc", true), ("^(a*)*$", "aaaa", true), ("^(a*)*b$", "aaaa", false),
        ("^[A-Z]{2}-[0-9]+$", "FR-12", true), ("^[A-Z]{2}-[0-9]+$", "fr-12", false),
        ("😀+", "x😀😀y", true), ("^[😀-😂]$", "😁", true),
    ]

    @Test func matchesLikeECMA262() throws {
        for (pattern, text, expected) in Self.cases {
            let compiled = try SchemaPattern(pattern)
            #expect(compiled.matches(text) == expected, "/\(pattern)/ on \(text.debugDescription)")
        }
    }

    /// Patterns that make backtracking engines take exponential time run in linear time here.
    @Test func catastrophicPatternsStayLinear() throws {
        let text = String(repeating: "a", count: 20_000) + "!"
        for pattern in ["^(a+)+$", "^(a|a)*$", "^(a|aa)+$", "^(a*)*$", "(\\w+\\s?)+$x", "^(a?){30}a{30}$"] {
            let compiled = try SchemaPattern(pattern)
            let clock = ContinuousClock()
            let elapsed = clock.measure { #expect(!compiled.matches(text), "\(pattern)") }
            // A backtracking engine needs longer than the age of the universe here; linear time
            // is milliseconds. The bound is generous for a loaded machine and a debug build.
            #expect(elapsed < .seconds(20), "\(pattern) took \(elapsed)")
        }
    }

    @Test func equalityIsBySource() throws {
        #expect(try SchemaPattern("a+") == SchemaPattern("a+"))
        #expect(try SchemaPattern("a+") != SchemaPattern("aa*"))
    }
}
