import SluiceJSON
import Testing

@testable import SluiceSchema

/// A schema whose only property `f` has the given body.
private func field(_ body: String) throws -> Schema {
    try objectSchema(#""f":{\#(body)}"#)
}

/// A pair where `narrow` reads strictly less than `wide`: a BACKWARD check of `narrow` after
/// `wide` must fail with `change` at `path`, and the reverse must pass (and vice versa FORWARD).
struct NarrowingCase: CustomTestStringConvertible, Sendable {
    let rule: String
    let wide: String
    let narrow: String
    let path: String
    let change: String
    var isField = true

    var testDescription: String { rule }

    func schemas() throws -> (wide: Schema, narrow: Schema) {
        isField ? (try field(wide), try field(narrow)) : (try schema(wide), try schema(narrow))
    }
}

@Suite("Compatibility")
struct CompatibilityTests {
    static let narrowings: [NarrowingCase] = [
        .init(rule: "number -> integer", wide: #""type":"number""#, narrow: #""type":"integer""#,
              path: "$.f", change: "type changed from number to integer"),
        .init(rule: "nullable -> not", wide: #""type":["string","null"]"#, narrow: #""type":"string""#,
              path: "$.f", change: "type changed from string or null to string"),
        .init(rule: "any -> typed", wide: "", narrow: #""type":"boolean""#, path: "$.f", change: "type changed from any type to boolean"),
        .init(rule: "enum value removed", wide: #""enum":["a","b"]"#, narrow: #""enum":["a"]"#,
              path: "$.f", change: #"enum changed from ["a","b"] to ["a"]"#),
        .init(rule: "enum added", wide: #""type":"string""#, narrow: #""type":"string","enum":["a"]"#,
              path: "$.f", change: #"enum ["a"] added"#),
        .init(rule: "const added", wide: #""type":"string""#, narrow: #""type":"string","const":"a""#,
              path: "$.f", change: #"const "a" added"#),
        .init(rule: "minimum raised", wide: #""minimum":0"#, narrow: #""minimum":5"#,
              path: "$.f", change: "minimum changed from 0 to 5"),
        .init(rule: "minimum added", wide: #""type":"integer""#, narrow: #""type":"integer","minimum":0"#,
              path: "$.f", change: "minimum 0 added"),
        .init(rule: "maximum lowered", wide: #""maximum":10"#, narrow: #""maximum":9.5"#,
              path: "$.f", change: "maximum changed from 10 to 9.5"),
        .init(rule: "minimum made exclusive", wide: #""minimum":0"#, narrow: #""exclusiveMinimum":0"#,
              path: "$.f", change: "lower bound changed from >= 0 to > 0"),
        .init(rule: "maximum made exclusive", wide: #""maximum":1"#, narrow: #""exclusiveMaximum":1"#,
              path: "$.f", change: "upper bound changed from <= 1 to < 1"),
        .init(rule: "exclusiveMaximum lowered", wide: #""exclusiveMaximum":2"#, narrow: #""exclusiveMaximum":1"#,
              path: "$.f", change: "exclusiveMaximum changed from 2 to 1"),
        .init(rule: "minLength raised", wide: #""minLength":1"#, narrow: #""minLength":2"#,
              path: "$.f", change: "minLength changed from 1 to 2"),
        .init(rule: "maxLength lowered", wide: #""maxLength":5"#, narrow: #""maxLength":4"#,
              path: "$.f", change: "maxLength changed from 5 to 4"),
        .init(rule: "maxLength added", wide: #""type":"string""#, narrow: #""type":"string","maxLength":4"#,
              path: "$.f", change: "maxLength 4 added"),
        .init(rule: "minItems added", wide: #""type":"array""#, narrow: #""type":"array","minItems":1"#,
              path: "$.f", change: "minItems 1 added"),
        .init(rule: "maxItems lowered", wide: #""maxItems":3"#, narrow: #""maxItems":2"#,
              path: "$.f", change: "maxItems changed from 3 to 2"),
        .init(rule: "pattern added", wide: #""type":"string""#, narrow: #""type":"string","pattern":"^a""#,
              path: "$.f", change: #"pattern "^a" added"#),
        .init(rule: "format added", wide: #""type":"string""#, narrow: #""type":"string","format":"email""#,
              path: "$.f", change: "format email added"),
        .init(rule: "items narrowed", wide: #""type":"array","items":{"type":"number"}"#,
              narrow: #""type":"array","items":{"type":"integer"}"#, path: "$.f[*]", change: "type changed from number to integer"),
        .init(rule: "items schema added", wide: #""type":"array""#, narrow: #""type":"array","items":{"type":"string"}"#,
              path: "$.f[*]", change: "items schema added"),
        .init(rule: "nested property narrowed", wide: #""type":"object","properties":{"x":{"type":["integer","null"]}}"#,
              narrow: #""type":"object","properties":{"x":{"type":"integer"}}"#, path: "$.f.x",
              change: "type changed from integer or null to integer"),
        .init(rule: "field made required", wide: #"{"type":"object","properties":{"a":{}}}"#,
              narrow: #"{"type":"object","properties":{"a":{}},"required":["a"]}"#, path: "$.a",
              change: #""a" became required"#, isField: false),
        .init(rule: "required field added", wide: #"{"type":"object"}"#,
              narrow: #"{"type":"object","required":["a"]}"#, path: "$.a", change: #""a" became required"#, isField: false),
        .init(rule: "additionalProperties closed", wide: #""type":"object","properties":{"x":{}}"#,
              narrow: #""type":"object","properties":{"x":{}},"additionalProperties":false"#, path: "$.f",
              change: "additionalProperties closed (now false)"),
        .init(rule: "additionalProperties restricted", wide: #""type":"object""#,
              narrow: #""type":"object","additionalProperties":{"type":"string"}"#, path: "$.f.*",
              change: "additionalProperties restricted to a schema"),
        .init(rule: "new property where unknown fields were allowed", wide: #""type":"object""#,
              narrow: #""type":"object","properties":{"x":{"type":"string"}}"#, path: "$.f.x", change: #"property "x" added"#),
    ]

    @Test(arguments: narrowings)
    func narrowingBreaksBackwardButNotForward(rule: NarrowingCase) throws {
        let (wide, narrow) = try rule.schemas()
        let backward = Compatibility.check(new: narrow, previous: [wide], mode: .backward)
        #expect(backward.count == 1, "\(backward)")
        #expect(backward.first?.path == rule.path)
        #expect(backward.first?.change == rule.change)
        #expect(backward.first?.writerVersion == 1 && backward.first?.readerVersion == 2)
        #expect(backward.first?.reason.contains("data written with version 1") == true)
        #expect(backward.first?.reason.contains("version 2 rejects") == true)
        #expect(Compatibility.check(new: narrow, previous: [wide], mode: .forward).isEmpty)
        #expect(Compatibility.check(new: narrow, previous: [wide], mode: .full).count == 1)
        #expect(Compatibility.check(new: narrow, previous: [wide], mode: .none).isEmpty)
    }

    @Test(arguments: narrowings)
    func wideningBreaksForwardButNotBackward(rule: NarrowingCase) throws {
        let (wide, narrow) = try rule.schemas()
        #expect(Compatibility.check(new: wide, previous: [narrow], mode: .backward).isEmpty)
        let forward = Compatibility.check(new: wide, previous: [narrow], mode: .forward)
        #expect(forward.count == 1, "\(forward)")
        #expect(forward.first?.path == rule.path)
        #expect(forward.first?.writerVersion == 2 && forward.first?.readerVersion == 1)
        #expect(forward.first?.reason.contains("data written with version 2") == true)
        #expect(forward.first?.reason.contains("version 1 rejects") == true)
        #expect(Compatibility.check(new: wide, previous: [narrow], mode: .full).count == 1)
    }

    @Test func describesChangesFromTheEarlierVersionInBothDirections() throws {
        let forward = Compatibility.check(new: try field(#""type":"number""#), previous: [try field(#""type":"integer""#)], mode: .forward)
        #expect(forward.map(\.description) == [
            "$.f: type changed from integer to number; data written with version 2 has numbers with a fractional part here, which version 1 rejects",
        ])
        let made = Compatibility.check(
            new: try schema(#"{"type":"object"}"#), previous: [try schema(#"{"type":"object","required":["a"]}"#)], mode: .forward)
        #expect(made.map(\.change) == [#""a" is no longer required"#])
        let removed = Compatibility.check(new: try field(#""type":"string""#), previous: [try field(#""type":"string","pattern":"^a""#)], mode: .forward)
        #expect(removed.map(\.change) == [#"pattern "^a" removed"#])
    }

    @Test func theIssueExampleReadsAsSpecified() throws {
        let v1 = try objectSchema(#""country":{"type":"string"}"#)
        let v2 = try objectSchema(#""country":{"type":"string","description":"ISO code"}"#)
        let v3 = try objectSchema(#""country":{"type":"integer"}"#)
        let found = Compatibility.check(new: v3, previous: [v1, v2], mode: .backward)
        #expect(found.map(\.description) == [
            "$.country: type changed from string to integer; data written with version 2 has strings here, which version 3 rejects",
        ])
    }

    @Test func changedPatternsAndConstsBreakBothWays() throws {
        let a = try field(#""type":"string","pattern":"^a""#)
        let b = try field(#""type":"string","pattern":"^a+""#)
        #expect(Compatibility.check(new: b, previous: [a], mode: .backward).map(\.change) == [#"pattern changed from "^a" to "^a+""#])
        #expect(Compatibility.check(new: b, previous: [a], mode: .forward).count == 1)
        #expect(Compatibility.check(new: a, previous: [try field(#""type":"string","pattern":"^a""#)], mode: .full).isEmpty)
        let one = try field(#""const":1"#)
        let two = try field(#""const":2"#)
        #expect(Compatibility.check(new: two, previous: [one], mode: .backward).map(\.change) == ["const changed from 1 to 2"])
        #expect(Compatibility.check(new: two, previous: [one], mode: .forward).map(\.change) == ["const changed from 1 to 2"])
        #expect(Compatibility.check(new: one, previous: [try field(#""const":1.0"#)], mode: .full).isEmpty)
        let date = try field(#""type":"string","format":"date""#)
        let dateTime = try field(#""type":"string","format":"date-time""#)
        #expect(Compatibility.check(new: dateTime, previous: [date], mode: .backward).map(\.change) == ["format changed from date to date-time"])
        #expect(Compatibility.check(new: date, previous: [dateTime], mode: .backward).count == 1)
    }

    @Test func unrelatedTypesBreakBothWays() throws {
        let text = try field(#""type":"string""#)
        let flag = try field(#""type":"boolean""#)
        #expect(Compatibility.check(new: flag, previous: [text], mode: .full).map(\.description) == [
            "$.f: type changed from string to boolean; data written with version 1 has strings here, which version 2 rejects",
            "$.f: type changed from string to boolean; data written with version 2 has booleans here, which version 1 rejects",
        ])
    }

    @Test func safeChangesPassFull() throws {
        let v1 = try schema(#"""
            {"type":"object","required":["id"],"properties":{"id":{"type":"string","description":"old"},
             "n":{"type":"integer","minimum":0,"maximum":9},"tags":{"type":"array","items":{"type":"string","maxLength":3}}}}
            """#)
        let v2 = try schema(#"""
            {"title":"t","type":"object","required":["id"],"properties":{"tags":{"items":{"maxLength":3,"type":"string"},"type":"array"},
             "n":{"type":"integer","maximum":9,"minimum":0,"examples":[1]},"id":{"type":"string","description":"new"}}}
            """#)
        #expect(Compatibility.check(new: v2, previous: [v1], mode: .fullTransitive).isEmpty)
    }

    @Test func enumsAreComparedValueByValue() throws {
        let letters = try field(#""type":"string","enum":["a","b"]"#)
        #expect(Compatibility.check(new: try field(#""type":"string","enum":["b","a","c"]"#), previous: [letters], mode: .backward).isEmpty)
        #expect(Compatibility.check(new: try field(#""type":"string","maxLength":1"#), previous: [letters], mode: .backward).isEmpty)
        #expect(Compatibility.check(new: try field(#""type":"string","const":"a""#), previous: [try field(#""enum":["a"]"#)], mode: .full).isEmpty)
        let numbers = try field(#""enum":[1,2,3]"#)
        let found = Compatibility.check(new: try field(#""type":"integer","maximum":2"#), previous: [numbers], mode: .backward)
        #expect(found.map(\.reason) == ["data written with version 1 may have 3 here, which version 2 rejects"])
    }

    @Test func newPropertiesAreSafeWhenTheWriterNeverWroteThemOrTheReaderAcceptsAnything() throws {
        let closed = try schema(#"{"type":"object","properties":{"a":{}},"additionalProperties":false}"#)
        let closedPlus = try schema(#"{"type":"object","properties":{"a":{},"b":{"type":"string"}},"additionalProperties":false}"#)
        #expect(Compatibility.check(new: closedPlus, previous: [closed], mode: .backward).isEmpty)
        // ...but the old closed schema cannot read data with the new member.
        #expect(Compatibility.check(new: closedPlus, previous: [closed], mode: .forward).map(\.change) == [
            #"property "b" added where version 1 has additionalProperties false"#,
        ])
        let open = try schema(#"{"type":"object"}"#)
        let openAny = try schema(#"{"type":"object","properties":{"b":{"description":"anything"}}}"#)
        #expect(Compatibility.check(new: openAny, previous: [open], mode: .full).isEmpty)
        let typedMap = try schema(#"{"type":"object","additionalProperties":{"type":"integer"}}"#)
        let typedMapPlus = try schema(#"{"type":"object","properties":{"b":{"type":"number"}},"additionalProperties":{"type":"integer"}}"#)
        #expect(Compatibility.check(new: typedMapPlus, previous: [typedMap], mode: .backward).isEmpty)
        #expect(Compatibility.check(new: typedMap, previous: [typedMapPlus], mode: .backward).map(\.path) == ["$.b"])
    }

    @Test func removingADeclaredPropertyFromAClosedObjectBreaksBackward() throws {
        let v1 = try schema(#"{"type":"object","properties":{"a":{},"b":{}},"additionalProperties":false}"#)
        let v2 = try schema(#"{"type":"object","properties":{"a":{}},"additionalProperties":false}"#)
        let found = Compatibility.check(new: v2, previous: [v1], mode: .backward)
        #expect(found.map(\.description) == [
            #"$.b: property "b" removed while additionalProperties is false; data written with version 1 may have "b", which version 2 rejects as undeclared"#,
        ])
    }

    @Test func additionalPropertiesSchemasAreComparedRecursively() throws {
        let numbers = try schema(#"{"type":"object","additionalProperties":{"type":"number"}}"#)
        let integers = try schema(#"{"type":"object","additionalProperties":{"type":"integer"}}"#)
        #expect(Compatibility.check(new: integers, previous: [numbers], mode: .backward).map(\.path) == ["$.*"])
        #expect(Compatibility.check(new: numbers, previous: [integers], mode: .backward).isEmpty)
    }

    // MARK: Transitive modes: three versions where only the oldest conflicts.

    @Test func backwardTransitiveChecksEveryEarlierVersion() throws {
        let v1 = try field(#""type":"number""#)
        let v2 = try field(#""type":"number","minimum":0"#)  // registered under NONE, say
        let v3 = try field(#""type":"number","minimum":0,"description":"non-negative""#)
        #expect(Compatibility.check(new: v3, previous: [v1, v2], mode: .backward).isEmpty)
        let found = Compatibility.check(new: v3, previous: [v1, v2], mode: .backwardTransitive)
        #expect(found.map(\.description) == [
            "$.f: minimum 0 added; data written with version 1 may have values below 0 here, which version 3 rejects",
        ])
        #expect(Compatibility.check(new: v3, previous: [v1, v2], mode: .forwardTransitive).isEmpty)
        #expect(Compatibility.check(new: v3, previous: [v1, v2], mode: .fullTransitive).count == 1)
        #expect(Compatibility.check(new: v3, previous: [v1, v2], mode: .full).isEmpty)
    }

    @Test func forwardTransitiveChecksEveryEarlierVersion() throws {
        let v1 = try field(#""enum":["a","b"]"#)
        let v2 = try field(#""enum":["a","b","c"]"#)
        let v3 = try field(#""enum":["a","b","c"],"description":"three letters""#)
        #expect(Compatibility.check(new: v3, previous: [v1, v2], mode: .forward).isEmpty)
        let found = Compatibility.check(new: v3, previous: [v1, v2], mode: .forwardTransitive)
        #expect(found.map(\.description) == [
            #"$.f: enum changed from ["a","b"] to ["a","b","c"]; data written with version 3 may have "c" here, which version 1 rejects"#,
        ])
        #expect(Compatibility.check(new: v3, previous: [v1, v2], mode: .backwardTransitive).isEmpty)
        #expect(Compatibility.check(new: v3, previous: [v1, v2], mode: .fullTransitive).map(\.readerVersion) == [1])
    }

    @Test func versionNumbersFollowFirstVersion() throws {
        let found = Compatibility.check(
            new: try field(#""type":"integer""#), previous: [try field(#""type":"number""#)], mode: .backward, firstVersion: 7)
        #expect(found.map(\.writerVersion) == [7])
        #expect(found.map(\.readerVersion) == [8])
        #expect(Compatibility.check(new: try field(""), previous: [], mode: .fullTransitive).isEmpty)
    }
}
