/// Parses the ECMA-262 (`u` flag) subset `pattern` supports into a `RegexNode`.
///
/// Supported: literals; `.`; `^` and `$` (whole string; there is no multiline flag); `\b`,
/// `\B`; classes `[abc]`, `[^a-z]` with ranges and escapes; `\d \D \w \W \s \S` (`\d` and
/// `\w` are ASCII-only, as in ECMA-262); `\t \n \v \f \r \0 \xHH \uHHHH \u{H...} \cX`;
/// escaped syntax characters `\^ \$ \\ \. \* \+ \? \( \) \[ \] \{ \} \| \/` (and `\-` in a
/// class); groups `( )`, `(?: )`, `(?<name> )`; alternation `|`; quantifiers `* + ? {n}
/// {n,} {n,m}` (counts up to 1,000) and their lazy forms.
///
/// Refused with a message: back-references and lookaround (they cannot run in linear time),
/// `\p{...}` properties, inline flags and other `(?...)` syntax, unknown escapes, and a lone
/// `{`, `}` or `]` (syntax errors with the `u` flag).
struct RegexParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    /// The largest count in `{n,m}`.
    static let maxCount = 1_000

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    static func parse(_ source: String) throws(PatternError) -> RegexNode {
        var parser = RegexParser(source)
        let node = try parser.alternation()
        if parser.position < parser.scalars.count {
            throw parser.error("unmatched ')'")
        }
        return node
    }

    private func error(_ message: String) -> PatternError {
        PatternError(message: "\(message) at character \(position + 1)")
    }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private mutating func alternation() throws(PatternError) -> RegexNode {
        var branches = [try concatenation()]
        while current == "|" {
            position += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func concatenation() throws(PatternError) -> RegexNode {
        var items: [RegexNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            let atom = try self.atom()
            items.append(try quantified(atom))
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concatenation(items))
    }

    private mutating func quantified(_ atom: RegexNode) throws(PatternError) -> RegexNode {
        guard let scalar = current else { return atom }
        var bounds: (min: Int, max: Int?)
        switch scalar {
        case "*": bounds = (0, nil); position += 1
        case "+": bounds = (1, nil); position += 1
        case "?": bounds = (0, 1); position += 1
        case "{": bounds = try counts()
        default: return atom
        }
        if case .assertion = atom { throw error("nothing to repeat (an assertion cannot be quantified)") }
        if current == "?" { position += 1 }  // lazy: same set of matching strings
        if let next = current, next == "*" || next == "+" || next == "?" || next == "{" {
            throw error("nothing to repeat (quantifier after a quantifier)")
        }
        return .repetition(atom, min: bounds.min, max: bounds.max)
    }

    /// `{n}`, `{n,}` or `{n,m}` at the current `{`.
    private mutating func counts() throws(PatternError) -> (min: Int, max: Int?) {
        position += 1
        guard let minimum = number() else { throw error("'{' must start a quantifier {n}, {n,} or {n,m} (escape it as \\{)") }
        var maximum: Int? = minimum
        if current == "," {
            position += 1
            maximum = number()
        }
        guard current == "}" else { throw error("unterminated quantifier '{'") }
        position += 1
        if minimum > Self.maxCount || (maximum ?? 0) > Self.maxCount {
            throw error("quantifier counts are limited to \(Self.maxCount)")
        }
        if let maximum, maximum < minimum { throw error("quantifier {\(minimum),\(maximum)} has its numbers out of order") }
        return (minimum, maximum)
    }

    private mutating func number() -> Int? {
        var value: Int?
        while let scalar = current, scalar.value >= 0x30, scalar.value <= 0x39 {
            value = min((value ?? 0) * 10 + Int(scalar.value - 0x30), Self.maxCount + 1)
            position += 1
        }
        return value
    }

    private mutating func atom() throws(PatternError) -> RegexNode {
        let scalar = current!
        switch scalar {
        case "(": return try group()
        case "[":
            position += 1
            return .scalar(try characterClass())
        case ".":
            position += 1
            return .scalar(.dot)
        case "^":
            position += 1
            return .assertion(.start)
        case "$":
            position += 1
            return .assertion(.end)
        case "\\": return try escape()
        case "*", "+", "?": throw error("nothing to repeat before '\(scalar)'")
        case "{": throw error("'{' must start a quantifier {n}, {n,} or {n,m} (escape it as \\{)")
        case "}", "]": throw error("lone '\(scalar)' (escape it as \\\(scalar))")
        default:
            position += 1
            return .scalar(.literal(scalar.value))
        }
    }

    private mutating func group() throws(PatternError) -> RegexNode {
        position += 1
        if current == "?" {
            switch peek(1) {
            case ":":
                position += 2
            case "<" where peek(2).map { $0.properties.isAlphabetic || $0 == "_" || $0 == "$" } == true:
                position += 2
                while let scalar = current, scalar != ">" {
                    guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_" || scalar == "$"
                    else { throw error("invalid group name") }
                    position += 1
                }
                guard current == ">" else { throw error("unterminated group name") }
                position += 1
            case "=", "!", "<":
                throw error("lookaround assertions are not supported (they cannot be matched in linear time)")
            default:
                throw error("unsupported group syntax '(?'; only (?: and (?<name> are allowed")
            }
        }
        let inner = try alternation()
        guard current == ")" else { throw error("missing ')'") }
        position += 1
        return inner
    }

    /// Escapes outside a class: assertions, class escapes, and single code points.
    private mutating func escape() throws(PatternError) -> RegexNode {
        switch peek(1) {
        case "b":
            position += 2
            return .assertion(.wordBoundary)
        case "B":
            position += 2
            return .assertion(.notWordBoundary)
        default:
            return .scalar(try classEscape(inClass: false))
        }
    }

    /// An escape (at the current backslash) that stands for a set or a single code point.
    private mutating func classEscape(inClass: Bool) throws(PatternError) -> ScalarClass {
        guard let letter = peek(1) else { throw error("pattern ends with a lone backslash") }
        position += 2
        switch letter {
        case "d": return .digit
        case "D": return ScalarClass.digit.negated
        case "w": return .word
        case "W": return ScalarClass.word.negated
        case "s": return .space
        case "S": return ScalarClass.space.negated
        case "t": return .literal(0x09)
        case "n": return .literal(0x0A)
        case "v": return .literal(0x0B)
        case "f": return .literal(0x0C)
        case "r": return .literal(0x0D)
        case "b" where inClass: return .literal(0x08)
        case "-" where inClass: return .literal(0x2D)
        case "0":
            if let next = current, next.isASCII, next.properties.numericType == .decimal {
                throw error("octal escapes are not supported")
            }
            return .literal(0)
        case "c":
            guard let control = current, control.isASCII, control.properties.isAlphabetic else {
                throw error("\\c must be followed by a letter")
            }
            position += 1
            return .literal(control.value % 32)
        case "x": return .literal(try hexDigits(count: 2))
        case "u": return .literal(try unicodeEscape())
        case "p", "P": throw error("Unicode property escapes \\p{...} are not supported")
        case "k": throw error("back-references are not supported (they cannot be matched in linear time)")
        default:
            if letter.isASCII, letter.properties.numericType == .decimal {
                throw error("back-references are not supported (they cannot be matched in linear time)")
            }
            if "^$\\.*+?()[]{}|/".unicodeScalars.contains(letter) { return .literal(letter.value) }
            throw error("unknown escape \\\(letter)")
        }
    }

    private mutating func hexDigits(count: Int) throws(PatternError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let scalar = current, let digit = Self.hexValue(scalar) else {
                throw error("expected \(count) hexadecimal digits")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private mutating func unicodeEscape() throws(PatternError) -> UInt32 {
        guard current == "{" else { return try hexDigits(count: 4) }
        position += 1
        var value: UInt32 = 0
        var digits = 0
        while let scalar = current, let digit = Self.hexValue(scalar) {
            value = value * 16 + digit
            digits += 1
            position += 1
            if value > 0x10FFFF { throw error("code point beyond U+10FFFF") }
        }
        guard digits > 0, current == "}" else { throw error("malformed \\u{...} escape") }
        position += 1
        return value
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 0x30...0x39: return scalar.value - 0x30
        case 0x41...0x46: return scalar.value - 0x41 + 10
        case 0x61...0x66: return scalar.value - 0x61 + 10
        default: return nil
        }
    }

    /// A class after its `[`.
    private mutating func characterClass() throws(PatternError) -> ScalarClass {
        var result = ScalarClass()
        if current == "^" {
            result.isNegated = true
            position += 1
        }
        while true {
            guard let scalar = current else { throw error("unterminated character class") }
            if scalar == "]" {
                position += 1
                return result
            }
            let first = try classAtom()
            if current == "-", let after = peek(1), after != "]" {
                position += 1
                let last = try classAtom()
                guard case .single(let low) = first, case .single(let high) = last else {
                    throw error("a class range needs single characters at both ends")
                }
                guard low <= high else { throw error("class range out of order") }
                result.ranges.append(low...high)
            } else {
                switch first {
                case .single(let value): result.ranges.append(value...value)
                case .set(let set): result.nested.append(set)
                }
            }
        }
    }

    private enum ClassAtom {
        case single(UInt32)
        case set(ScalarClass)
    }

    private mutating func classAtom() throws(PatternError) -> ClassAtom {
        let scalar = current!
        if scalar == "\\" {
            let set = try classEscape(inClass: true)
            if set.nested.isEmpty, !set.isNegated, set.ranges.count == 1, set.ranges[0].count == 1 {
                return .single(set.ranges[0].lowerBound)
            }
            return .set(set)
        }
        if scalar == "[" { throw error("unescaped '[' inside a character class (write \\[)") }
        position += 1
        return .single(scalar.value)
    }
}

/// Why a pattern was refused.
struct PatternError: Error {
    let message: String
}
