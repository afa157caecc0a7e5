import Testing
@testable import SluiceJSON

@Suite struct ParserInvalidTests {
    /// n_ cases in the spirit of JSONTestSuite: each must be rejected.
    @Test(arguments: [
        "", " ", "[1,]", "[,1]", "{\"a\":1,}", "{,}", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{'a':1}",
        "['a']", "01", "-01", "00", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity",
        "[NaN]", "tru", "nul", "True", "[1]x", "[1] [2]", "{} {}", "\"abc", "[\"a\\\"]", "\"\\x41\"", "\"\\u12\"",
        "\"\\u12G4\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800x\"", "\"a\tb\"", "\"a\nb\"",
        "/* c */ 1", "1 // c", "[1] // c", "{\"a\":1,\"a\":2}", "{\"a\":1 \"b\":2}", "[", "]", "{", "}", "[[]", "1e400",
        "-1e400", "\u{FEFF}1", "[\"\u{0}\"]",
    ])
    func rejectsInvalidDocument(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    /// Malformed UTF-8 inside and outside strings.
    @Test(arguments: [
        [0x22, 0xFF, 0x22],  // invalid byte
        [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
        [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate U+D800
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0xC3, 0x22],  // truncated sequence
        [0x22, 0x80, 0x22],  // lone continuation byte
        [0x22, 0xE2, 0x82],  // truncated at end of input
        [0xC3, 0xA9],  // non-ASCII outside a string
    ] as [[UInt8]])
    func rejectsInvalidUTF8(bytes: [UInt8]) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
    }

    @Test func reportsOffsetLineColumnAndMessage() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2]\n}"
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        guard case .unexpectedByte(let byte, _, let location)? = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(byte == UInt8(ascii: "]"))
        #expect(location.offset == 20)
        #expect(location.line == 3)
        #expect(location.column == 9)
        #expect(error?.description == "expected ',' or '}' after object member (found ']') at byte 20 (line 3, column 9)")
    }

    @Test func classifiesErrors() {
        func error(_ text: String, limits: JSONParser.Limits = .default) -> JSONParseError? {
            do {
                _ = try JSONParser(limits: limits).parse(text)
                return nil
            } catch {
                return error
            }
        }
        #expect(error(#"{"a":1,"a":2}"#) == .duplicateKey("a", at: .init(offset: 7, line: 1, column: 8)))
        #expect(error("01") == .invalidNumber(reason: "leading zeros are not allowed", at: .init(offset: 0, line: 1, column: 1)))
        #expect(error("[1] x") == .trailingData(at: .init(offset: 4, line: 1, column: 5)))
        #expect(error(#""\ud800""#) == .loneSurrogate(at: .init(offset: 1, line: 1, column: 2)))
        #expect(error("\"a\u{1}\"") == .controlCharacterInString(1, at: .init(offset: 2, line: 1, column: 3)))
        #expect(error("1e400") == .numberOutOfRange(at: .init(offset: 0, line: 1, column: 1)))
        #expect(error("[1,") == .unexpectedEndOfInput(expected: "expected a value", at: .init(offset: 3, line: 1, column: 4)))
        #expect(error("[1,2]", limits: .init(maxInputBytes: 4)) == .inputTooLarge(limit: 4, size: 5))
        #expect(error(#"["abcd"]"#, limits: .init(maxStringBytes: 3)) == .stringTooLong(limit: 3, at: .init(offset: 1, line: 1, column: 2)))
        #expect(error("[1,2,3]", limits: .init(maxMembers: 2)) == .tooManyMembers(limit: 2, at: .init(offset: 5, line: 1, column: 6)))
        #expect(error(#"{"a":1,"b":2,"c":3}"#, limits: .init(maxMembers: 2)) != nil)
    }

    @Test func rejectsNestingBeyondLimit() {
        let depth65 = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(depth65) }
        #expect(error == .nestingTooDeep(limit: 64, at: .init(offset: 64, line: 1, column: 65)))
        let objects = String(repeating: #"{"a":"#, count: 5) + "1" + String(repeating: "}", count: 5)
        #expect(throws: JSONParseError.self) { try JSONParser(limits: .init(maxDepth: 4)).parse(objects) }
        #expect(throws: Never.self) { try JSONParser(limits: .init(maxDepth: 5)).parse(objects) }
        // Deep input must fail cleanly rather than overflow the stack.
        let hostile = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(hostile) }
    }

    @Test func errorOffsetsAreRelativeToSlice() {
        let bytes = Array("....[1,]".utf8)
        let error = #expect(throws: JSONParseError.self) { try JSONParser().parse(bytes[4...]) }
        #expect(error?.offset == 3)
    }
}
