import SluiceJSON
import Testing

@testable import SluiceSchema

@Suite("Validation")
struct ValidationTests {
    @Test func typesAndIntegers() throws {
        let s = try objectSchema(#""i":{"type":"integer"},"n":{"type":"number"},"s":{"type":"string"},"b":{"type":"boolean"},"o":{"type":"object"},"a":{"type":"array"},"z":{"type":"null"}"#)
        #expect(try errors(s, #"{"i":1,"n":1.5,"s":"x","b":true,"o":{},"a":[],"z":null}"#).isEmpty)
        #expect(try errors(s, #"{"i":1.0,"n":2}"#).isEmpty)  // 1.0 is an integer; integers are numbers
        #expect(try errors(s, #"{"i":1e2}"#).isEmpty)
        #expect(try errors(s, #"{"i":1.5}"#) == ["$.i: must be an integer, got 1.5 (not a whole number)"])
        #expect(try errors(s, #"{"i":"1"}"#) == ["$.i: must be an integer, got string"])
        #expect(try errors(s, #"{"n":"1"}"#) == ["$.n: must be a number, got string"])
        #expect(try errors(s, #"{"s":1}"#) == ["$.s: must be a string, got number"])
        #expect(try errors(s, #"{"b":0}"#) == ["$.b: must be a boolean, got number"])
        #expect(try errors(s, #"{"o":[]}"#) == ["$.o: must be an object, got array"])
        #expect(try errors(s, #"{"a":{}}"#) == ["$.a: must be an array, got object"])
        #expect(try errors(s, #"{"z":false}"#) == ["$.z: must be null, got boolean"])
        #expect(try errors(s, #"{"s":null}"#) == ["$.s: must be a string, got null"])
        #expect(s.validate(try json("[1]")).errors.map(\.description) == ["$: must be an object, got array"])
    }

    @Test func nullableUnions() throws {
        let s = try objectSchema(#""age":{"type":["integer","null"],"minimum":0},"kind":{"type":["string","null"],"enum":["a",null]}"#)
        #expect(try errors(s, #"{"age":null,"kind":null}"#).isEmpty)
        #expect(try errors(s, #"{"age":3,"kind":"a"}"#).isEmpty)
        #expect(try errors(s, #"{"age":-3}"#) == ["$.age: must be >= 0, got -3"])
        #expect(try errors(s, #"{"age":"3"}"#) == ["$.age: must be an integer or null, got string"])
        #expect(try errors(s, #"{"kind":"b"}"#) == [#"$.kind: must be one of ["a", null], got "b""#])
    }

    @Test func numericBounds() throws {
        let s = try objectSchema(#""a":{"minimum":0,"maximum":10},"b":{"exclusiveMinimum":0,"exclusiveMaximum":1.5}"#)
        #expect(try errors(s, #"{"a":0,"b":0.5}"#).isEmpty)
        #expect(try errors(s, #"{"a":10,"b":1.4999}"#).isEmpty)
        #expect(try errors(s, #"{"a":-3,"b":0}"#) == ["$.a: must be >= 0, got -3", "$.b: must be > 0, got 0"])
        #expect(try errors(s, #"{"a":10.5,"b":1.5}"#) == ["$.a: must be <= 10, got 10.5", "$.b: must be < 1.5, got 1.5"])
        #expect(try errors(s, #"{"a":"x"}"#).isEmpty)  // numeric keywords ignore strings
        // Exact across Int64/Double storage: 2^53 + 1 is above the double 2^53.
        let big = try objectSchema(#""n":{"maximum":9007199254740992.0}"#)
        #expect(try errors(big, #"{"n":9007199254740993}"#) == ["$.n: must be <= 9007199254740992, got 9007199254740993"])
        #expect(try errors(big, #"{"n":9007199254740992}"#).isEmpty)
    }

    @Test func stringLengthsCountUnicodeCodePoints() throws {
        let s = try objectSchema(#""name":{"type":"string","minLength":2,"maxLength":3}"#)
        #expect(try errors(s, #"{"name":"ab"}"#).isEmpty)
        #expect(try errors(s, #"{"name":"😀😀"}"#).isEmpty)  // 2 code points (4 UTF-16 units, 8 bytes)
        #expect(try errors(s, #"{"name":"e\u0301x"}"#).isEmpty)  // 3 code points, 2 graphemes
        #expect(try errors(s, #"{"name":"é"}"#) == ["$.name: must be at least 2 characters long, got 1"])
        #expect(try errors(s, #"{"name":"😀😀😀😀"}"#) == ["$.name: must be at most 3 characters long, got 4"])
        #expect(try errors(s, #"{"name":"🇫🇷🇫🇷"}"#) == ["$.name: must be at most 3 characters long, got 4"])
    }

    @Test func enumAndConst() throws {
        let s = try objectSchema(#""e":{"enum":[1,"two",{"x":[true]},null]},"c":{"const":{"v":1}}"#)
        #expect(try errors(s, #"{"e":1.0,"c":{"v":1.0}}"#).isEmpty)
        #expect(try errors(s, #"{"e":{"x":[true]}}"#).isEmpty)
        #expect(try errors(s, #"{"e":2}"#) == [#"$.e: must be one of [1, "two", {"x":[true]}, null], got 2"#])
        #expect(try errors(s, #"{"c":{"v":2}}"#) == [#"$.c: must be {"v":1}, got an object"#])
    }

    @Test func patternsAreUnanchoredECMAStyle() throws {
        let s = try objectSchema(#""code":{"type":"string","pattern":"^[A-Z]{2}$"},"has":{"pattern":"b+"},"d":{"pattern":"^\\d+$"},"dot":{"pattern":"^.$"}"#)
        #expect(try errors(s, #"{"code":"FR","has":"abbc","d":"123","dot":"😀"}"#).isEmpty)
        #expect(try errors(s, #"{"code":"fr"}"#) == [#"$.code: must match pattern "^[A-Z]{2}$""#])
        #expect(try errors(s, #"{"code":"FR\n"}"#).count == 1)  // `$` is the end of the string
        #expect(try errors(s, #"{"has":"ac"}"#) == [#"$.has: must match pattern "b+""#])
        #expect(try errors(s, #"{"d":"١٢٣"}"#).count == 1)  // \d is ASCII-only, as in ECMA-262
        #expect(try errors(s, #"{"dot":"e\u0301"}"#).count == 1)  // `.` is one code point
        #expect(try errors(s, #"{"has":5}"#).isEmpty)  // pattern ignores non-strings
    }

    @Test func arraysWithPaths() throws {
        let s = try objectSchema(#""items":{"type":"array","minItems":1,"maxItems":3,"items":{"type":"object","properties":{"sku":{"type":"string"},"qty":{"type":"integer","minimum":1}},"required":["sku"]}}"#)
        #expect(try errors(s, #"{"items":[{"sku":"a","qty":1}]}"#).isEmpty)
        #expect(try errors(s, #"{"items":[]}"#) == ["$.items: must have at least 1 items, got 0"])
        #expect(try errors(s, #"{"items":[{"sku":"a"},{"sku":"a"},{"sku":"a"},{"sku":"a"}]}"#) == ["$.items: must have at most 3 items, got 4"])
        #expect(try errors(s, #"{"items":[{"sku":"a"},{"qty":0},{"sku":1}]}"#) == [
            "$.items[1].sku: is required", "$.items[1].qty: must be >= 1, got 0", "$.items[2].sku: must be a string, got number",
        ])
    }

    @Test func nestedObjectsRequiredAndAdditionalProperties() throws {
        let s = try schema(#"""
            {"type":"object","required":["user"],"properties":{
              "user":{"type":"object","required":["id","age"],"additionalProperties":false,
                      "properties":{"id":{"type":"string"},"age":{"type":"integer","minimum":0}}},
              "attrs":{"type":"object","additionalProperties":{"type":"number"}},
              "weird key":{"type":"string"}}}
            """#)
        #expect(try errors(s, #"{"user":{"id":"u","age":3},"attrs":{"a":1,"b":2.5}}"#).isEmpty)
        #expect(try errors(s, "{}") == ["$.user: is required"])
        #expect(try errors(s, #"{"user":{"age":-3,"nick":"x"}}"#) == [
            "$.user.id: is required", "$.user.age: must be >= 0, got -3",
            "$.user.nick: is not allowed: not declared in properties and additionalProperties is false",
        ])
        #expect(try errors(s, #"{"user":{"id":"u","age":1},"attrs":{"a":"x"},"weird key":1}"#) == [
            "$.attrs.a: must be a number, got string", "$['weird key']: must be a string, got number",
        ])
    }

    @Test func unknownFieldsAreReportedNotRejected() throws {
        let s = try schema(#"""
            {"type":"object","properties":{"user":{"type":"object","properties":{"id":{}}},
              "map":{"type":"object","additionalProperties":{"type":"string"}},
              "list":{"type":"array","items":{"type":"object","properties":{"a":{}}}}}}
            """#)
        let result = s.validate(try json(#"{"user":{"id":1,"extra":{"deep":1}},"map":{"k":"v"},"list":[{"a":1,"b":2}],"top":true}"#))
        #expect(result.isValid)
        #expect(result.unknownFields == ["$.user.extra", "$.list[0].b", "$.top"])
        let emptySchema = try objectSchema(#""m":{"type":"object","additionalProperties":{"description":"any"}}"#)
        #expect(emptySchema.validate(try json(#"{"m":{"k":1}}"#)).unknownFields == ["$.m.k"])
    }

    @Test func formats() throws {
        let s = try objectSchema(#""t":{"format":"date-time"},"d":{"format":"date"},"e":{"format":"email"},"u":{"format":"uuid"},"r":{"format":"uri"}"#)
        let valid = [
            #"{"t":"2026-03-02T14:00:00Z","d":"2024-02-29","e":"a.b+tag@example.co.uk","u":"123e4567-e89b-12d3-a456-426614174000","r":"https://example.com/a?b=c#d"}"#,
            #"{"t":"2026-03-02t14:00:00.123456789+02:00","d":"0001-01-01","e":"x@localhost","u":"123E4567-E89B-12D3-A456-426614174000","r":"urn:isbn:0451450523"}"#,
            #"{"r":"mailto:a@b.c","e":"o'brien@x-y.example"}"#, #"{"r":"file:///etc/hosts","t":"2026-12-31T23:59:59-00:00"}"#,
            #"{"r":"https://x.org/%20a"}"#,
        ]
        for text in valid { #expect(try errors(s, text).isEmpty, "\(text)") }
        let invalid: [(String, String)] = [
            (#"{"t":"2026-03-02 14:00:00Z"}"#, "$.t: must be an RFC 3339 date-time"),
            (#"{"t":"2026-02-30T00:00:00Z"}"#, "$.t: must be an RFC 3339 date-time"),
            (#"{"t":"2026-03-02T14:00:00"}"#, "$.t: must be an RFC 3339 date-time"),
            (#"{"t":"2026-03-02"}"#, "$.t: must be an RFC 3339 date-time"),
            (#"{"d":"2023-02-29"}"#, "$.d: must be a date (YYYY-MM-DD)"),
            (#"{"d":"2026-3-2"}"#, "$.d: must be a date (YYYY-MM-DD)"),
            (#"{"d":"2026-03-02T00:00:00Z"}"#, "$.d: must be a date (YYYY-MM-DD)"),
            (#"{"e":"no-at.example.com"}"#, "$.e: must be an email"),
            (#"{"e":"a@b@c"}"#, "$.e: must be an email"),
            (#"{"e":"a..b@example.com"}"#, "$.e: must be an email"),
            (#"{"e":".a@example.com"}"#, "$.e: must be an email"),
            (#"{"e":"a@-example.com"}"#, "$.e: must be an email"),
            (#"{"e":"a@example..com"}"#, "$.e: must be an email"),
            (#"{"e":"a b@example.com"}"#, "$.e: must be an email"),
            (#"{"e":"@example.com"}"#, "$.e: must be an email"),
            (#"{"u":"123e4567e89b12d3a456426614174000"}"#, "$.u: must be a UUID"),
            (#"{"u":"123e4567-e89b-12d3-a456-42661417400g"}"#, "$.u: must be a UUID"),
            (#"{"u":"123e4567-e89b-12d3-a456-4266141740001"}"#, "$.u: must be a UUID"),
            (#"{"r":"/relative/path"}"#, "$.r: must be an absolute URI"),
            (#"{"r":"https://exa mple.com"}"#, "$.r: must be an absolute URI"),
            (#"{"r":"1http://x"}"#, "$.r: must be an absolute URI"),
            (#"{"r":"https://x/%zz"}"#, "$.r: must be an absolute URI"),
            (#"{"r":"https://x/é"}"#, "$.r: must be an absolute URI"),
        ]
        for (text, prefix) in invalid {
            let found = try errors(s, text)
            #expect(found.count == 1 && found[0].hasPrefix(prefix), "\(text): \(found)")
        }
        #expect(try errors(s, #"{"t":5}"#).isEmpty)  // formats apply to strings only
    }

    @Test func reportsAllErrorsUpToTheCap() throws {
        let s = try objectSchema(#""v":{"type":"array","items":{"type":"integer"}}"#)
        let many = "[" + (0..<250).map { _ in "\"x\"" }.joined(separator: ",") + "]"
        let result = s.validate(try json(#"{"v":\#(many)}"#))
        #expect(result.errors.count == ValidationResult.defaultMaxIssues)
        #expect(result.isTruncated)
        #expect(result.errors.last?.path == "$.v[99]")
        let capped = s.validate(try json(#"{"v":["a","b","c"]}"#), maxIssues: 2)
        #expect(capped.errors.map(\.path) == ["$.v[0]", "$.v[1]"])
        #expect(capped.isTruncated)
        let exact = s.validate(try json(#"{"v":["a","b"]}"#), maxIssues: 2)
        #expect(!exact.isTruncated)
        let none = s.validate(try json(#"{"v":["a"]}"#), maxIssues: 0)
        #expect(none.errors.isEmpty && none.isTruncated && !none.isValid)
    }

    @Test func multipleKeywordsOnOneValue() throws {
        let s = try objectSchema(#""code":{"type":"string","minLength":5,"pattern":"^[0-9]+$","enum":["12345","ab"]}"#)
        #expect(try errors(s, #"{"code":"ab"}"#) == [
            "$.code: must be at least 5 characters long, got 2", #"$.code: must match pattern "^[0-9]+$""#,
        ])
    }
}
