/// The regular-expression syntax `pattern` accepts: the part of ECMA-262 that Swift's `Regex`
/// reads the same way.
///
/// Supported: literals; `.`; anchors `^` `$` (whole-string, no multiline) and `\b` `\B`;
/// classes `[abc]`, `[^a-z]` with escapes inside; `\d \D \w \W \s \S` (`\d`, `\w` ASCII-only
/// as in ECMA-262); `\t \n \r \f \v \0 \xHH \uHHHH \u{H...} \cX`; escaped punctuation (`\.`,
/// `\/`, ...); `\p{...}` / `\P{...}` Unicode properties; groups `( )`, `(?: )`, named
/// `(?<name> )`, back-references `\1`, `\k<name>`; lookahead `(?= )`, `(?! )`; alternation `|`; quantifiers `* + ? {n} {n,} {n,m}` and their lazy forms.
///
/// Refused, because Swift would read them differently from ECMA-262 or ECMA-262 has no such
/// thing: lookbehind `(?<= )` `(?<! )` (Swift's `Regex` cannot run it), inline options and
/// other `(?...)` groups, possessive quantifiers (`a++`, `a*+`),
/// `\A \Z \z \G \K \Q \E \R \X \h \H \N \o \g \e \a`, an unescaped `[` inside a class (nested
/// classes, POSIX `[[:alpha:]]`), the class set operators `&&` `--` `~~`, and the empty
/// classes `[]` and `[^]`.
enum PatternSyntax {
    /// Longest accepted pattern, in Unicode scalars.
    static let maxLength = 1_000

    private static let refusedEscapes: Set<Character> = [
        "A", "Z", "z", "G", "K", "Q", "E", "R", "X", "h", "H", "N", "o", "g", "e", "a",
    ]

    /// A message naming the first unsupported construct in `pattern`, or nil when it is fine.
    static func unsupportedConstruct(in pattern: String) -> String? {
        let characters = Array(pattern)
        if pattern.unicodeScalars.count > maxLength {
            return "pattern is longer than \(maxLength) characters"
        }
        var position = 0
        var inClass = false
        func at(_ offset: Int) -> Character? {
            let index = position + offset
            return index < characters.count ? characters[index] : nil
        }
        while position < characters.count {
            let character = characters[position]
            if character == "\\" {
                guard let escaped = at(1) else { return "pattern ends with a lone backslash" }
                if refusedEscapes.contains(escaped) {
                    return "escape \\\(escaped) is not ECMA-262 syntax supported here"
                }
                position += 2
                continue
            }
            if inClass {
                switch character {
                case "]": inClass = false
                case "[": return "unescaped '[' inside a character class (write \\[)"
                case "&", "-", "~":
                    guard at(1) == character else { break }
                    return "'\(character)\(character)' inside a character class is a set operator here; escape it"
                default: break
                }
                position += 1
                continue
            }
            switch character {
            case "[":
                var next = 1
                if at(1) == "^" { next = 2 }
                if at(next) == "]" { return "empty character class '[]' or '[^]' is not supported" }
                inClass = true
                position += next
                continue
            case "(":
                if at(1) == "?" {
                    switch at(2) {
                    case ":", "=", "!": break
                    case "<":
                        if at(3) == "=" || at(3) == "!" { return "lookbehind (?<= and (?<! is not supported" }
                        if let first = at(3), first.isLetter || first == "_" { break }
                        return "unsupported group syntax '(?<'"
                    default:
                        return "unsupported group syntax '(?\(at(2).map(String.init) ?? "")': only (?:, (?=, (?! and (?<name> are allowed"
                    }
                }
            case "*", "+", "?":
                if at(1) == "+" { return "possessive quantifier '\(character)+' is not ECMA-262" }
            case "{":
                if let end = quantifierEnd(characters, from: position), end + 1 < characters.count,
                    characters[end + 1] == "+"
                {
                    return "possessive quantifier '{...}+' is not ECMA-262"
                }
            default: break
            }
            position += 1
        }
        if inClass { return "unterminated character class" }
        return nil
    }

    /// The index of the `}` closing a `{n}`, `{n,}` or `{n,m}` quantifier starting at `start`.
    private static func quantifierEnd(_ characters: [Character], from start: Int) -> Int? {
        var index = start + 1
        var digits = 0
        while index < characters.count, characters[index].isASCII, characters[index].isNumber {
            index += 1
            digits += 1
        }
        guard digits > 0, index < characters.count else { return nil }
        if characters[index] == "," {
            index += 1
            while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
        }
        return index < characters.count && characters[index] == "}" ? index : nil
    }
}
