import Testing
@testable import SluiceJSON

@Suite struct CanonicalFormTests {
    func canonical(_ text: String) throws -> String {
        String(decoding: JSONSerializer.canonical(try JSONParser.parse(text)), as: UTF8.self)
    }

    @Test func sortsKeysAndDropsWhitespace() throws {
        #expect(try canonical(#" { "b" : [ 1 , { "z":1, "a":2 } ], "a" : null } "#) == #"{"a":null,"b":[1,{"a":2,"z":1}]}"#)
    }

    @Test func keyOrderAndNumberSpellingDoNotMatter() throws {
        let spellings = [
            #"{"user_id":"u123","duration_ms":812,"ratio":0.5,"n":100,"nested":{"y":1,"x":[1,2]}}"#,
            #"{"nested":{"x":[1.0,2e0],"y":1},"n":1e2,"ratio":5e-1,"duration_ms":812.0,"user_id":"u123"}"#,
            #"{"ratio":0.50,"n":100.000,"nested":{"y":10E-1,"x":[1,2]},"user_id":"\u0075123","duration_ms":8.12e2}"#,
        ]
        let expected = #"{"duration_ms":812,"n":100,"nested":{"x":[1,2],"y":1},"ratio":0.5,"user_id":"u123"}"#
        for text in spellings { #expect(try canonical(text) == expected) }
        // Every permutation of members gives the same bytes.
        let members = [#""a":1"#, #""b":[true]"#, #""c":{"d":"e"}"#, #""é":2"#]
        var seen = Set<String>()
        for permutation in permutations(members) {
            seen.insert(try canonical("{" + permutation.joined(separator: ",") + "}"))
        }
        #expect(seen == [#"{"a":1,"b":[true],"c":{"d":"e"},"é":2}"#])
    }

    @Test func differentDataGivesDifferentBytes() throws {
        #expect(try canonical(#"{"a":1}"#) != canonical(#"{"a":"1"}"#))
        #expect(try canonical("[1,2]") != canonical("[2,1]"))
        #expect(try canonical("1.5") != canonical("1.50001"))
    }

    /// Number spellings from RFC 8785 appendix B and ECMAScript Number::toString.
    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("-0.0", "0"), ("1.0", "1"), ("1e2", "100"), ("-1E+2", "-100"),
        ("1e21", "1e+21"), ("1e20", "100000000000000000000"), ("123e18", "123000000000000000000"),
        ("1e-7", "1e-7"), ("0.000001", "0.000001"), ("123e-20", "1.23e-18"), ("4.50", "4.5"), ("2e-3", "0.002"),
        ("0.000000000000000000000000001", "1e-27"), ("333333333.33333329", "333333333.3333333"),
        ("1e+30", "1e+30"), ("5e-324", "5e-324"), ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ("-1.5e-10", "-1.5e-10"), ("0.1", "0.1"), ("9007199254740992", "9007199254740992"),
        ("9007199254740993", "9007199254740993"), ("9223372036854775807", "9223372036854775807"),
        ("1152921504606846976.0", "1152921504606846976"), ("18446744073709551616", "18446744073709552000"),
        ("295147905179352830000", "295147905179352830000"), ("1.2345e25", "1.2345e+25"),
    ])
    func canonicalNumberSpelling(input: String, expected: String) throws {
        #expect(try canonical(input) == expected)
    }

    @Test func keysSortByUTF16CodeUnits() throws {
        // RFC 8785 §3.2.3: U+FB33 (UTF-16 0xFB33) sorts after U+1F600 (UTF-16 0xD83D 0xDE00),
        // although its code point is smaller.
        let text = #"{"\ufb33":1,"😀":2,"a":3,"é":4,"":5,"aa":6}"#
        #expect(try canonical(text) == "{\"\":5,\"a\":3,\"aa\":6,\"é\":4,\"😀\":2,\"\u{fb33}\":1}")
        #expect(JSONKeyOrder.precedes("😀", "\u{fb33}"))
        #expect(!JSONKeyOrder.precedes("\u{fb33}", "😀"))
        #expect(JSONKeyOrder.precedes("\u{e000}", "\u{fb33}"))
        #expect(!JSONKeyOrder.precedes("a", "a"))
    }

    @Test func rfc8785StringExample() throws {
        let text = #"{"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/"}"#
        #expect(try canonical(text) == "{\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}")
    }

    func permutations<T>(_ items: [T]) -> [[T]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[T]] in
            var rest = items
            let head = rest.remove(at: index)
            return permutations(rest).map { [head] + $0 }
        }
    }
}
