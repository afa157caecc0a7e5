import SluiceJSON
import Testing

@testable import SluiceSchema

@Suite("Schema registration")
struct SchemaParsingTests {
    @Test func acceptsTheWholeSubset() throws {
        let text = #"""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:sluice:page_view","title":"Page view",
             "description":"A page was shown","type":"object","examples":[{}],"default":{},
             "properties":{
               "user":{"type":"object","description":"who","properties":{"age":{"type":["integer","null"],"minimum":0,"maximum":150}},
                       "required":["age"],"additionalProperties":false},
               "country":{"type":"string","minLength":2,"maxLength":2,"pattern":"^[A-Z]{2}$"},
               "price":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1e6},
               "kind":{"enum":["a","b"]},"v":{"const":1},
               "at":{"type":"string","format":"date-time"},"day":{"type":"string","format":"date"},
               "email":{"type":"string","format":"email"},"id":{"type":"string","format":"uuid"},
               "link":{"type":"string","format":"uri"},
               "tags":{"type":"array","items":{"type":"string"},"minItems":0,"maxItems":10},
               "extra":{"type":"object","additionalProperties":{"type":"number"}},
               "anything":{}
             },
             "required":["user"]}
            """#
        let parsed = try schema(text)
        #expect(parsed.json == (try json(text)))
        #expect(parsed.documentation == "A page was shown")
    }

    @Test func serializesWhatWasRegistered() throws {
        let text = #"{"type":"object","description":"d","properties":{"b":{"type":"string"},"a":{"type":"integer"}}}"#
        let parsed = try schema(text)
        #expect(String(decoding: parsed.serialized(), as: UTF8.self) == text)
        #expect(try Schema.parse(try JSONParser.parse(parsed.serialized())) == parsed)
        let reordered = try schema(#"{"properties":{"a":{"type":"integer"},"b":{"type":"string"}},"description":"d","type":"object"}"#)
        #expect(reordered == parsed)
        #expect(reordered.canonicalBytes() == parsed.canonicalBytes())
        #expect(try schema(#"{"type":"object"}"#) != parsed)
    }

    @Test(arguments: [
        ("$ref", ##""#/x""##), ("oneOf", "[{}]"), ("anyOf", "[{}]"), ("allOf", "[{}]"), ("not", "{}"),
        ("if", "{}"), ("then", "{}"), ("else", "{}"), ("patternProperties", "{}"), ("$defs", "{}"),
        ("prefixItems", "[]"), ("uniqueItems", "true"), ("multipleOf", "2"), ("propertyNames", "{}"),
        ("dependentRequired", "{}"), ("unevaluatedProperties", "false"), ("contains", "{}"), ("$comment", #""c""#),
        ("frobnicate", "1"), ("minimumm", "1"),
    ])
    func refusesKeywordsOutsideTheSubset(keyword: String, value: String) throws {
        let found = try fieldProblems(#""type":"string","\#(keyword)":\#(value)"#)
        #expect(found.count == 1)
        #expect(found.first?.path == "$.properties.f['\(keyword)']" || found.first?.path == "$.properties.f.\(keyword)")
        #expect(found.first?.message.contains(keyword) == true)
    }

    @Test(arguments: [
        (#""type":"str""#, "$.properties.f.type", "unknown type"),
        (#""type":5"#, "$.properties.f.type", "must be a type name"),
        (#""type":[]"#, "$.properties.f.type", "empty"),
        (#""type":["string","integer"]"#, "$.properties.f.type", "may only add \"null\""),
        (#""type":["string","string"]"#, "$.properties.f.type[1]", "twice"),
        (#""type":["string",3]"#, "$.properties.f.type[1]", "type name string"),
        (#""minimum":"3""#, "$.properties.f.minimum", "must be a number, got string"),
        (#""exclusiveMaximum":null"#, "$.properties.f.exclusiveMaximum", "must be a number"),
        (#""minLength":-1"#, "$.properties.f.minLength", "must not be negative"),
        (#""maxLength":1.5"#, "$.properties.f.maxLength", "non-negative integer"),
        (#""minItems":"2""#, "$.properties.f.minItems", "non-negative integer"),
        (#""maxItems":-2"#, "$.properties.f.maxItems", "must not be negative"),
        (#""minimum":5,"maximum":4"#, "$.properties.f.minimum", "greater than maximum"),
        (#""exclusiveMinimum":5,"exclusiveMaximum":5"#, "$.properties.f.exclusiveMinimum", "leaves no value"),
        (#""minimum":5,"exclusiveMaximum":5"#, "$.properties.f.minimum", "leaves no value"),
        (#""exclusiveMinimum":5,"maximum":5"#, "$.properties.f.exclusiveMinimum", "leaves no value"),
        (#""minLength":3,"maxLength":2"#, "$.properties.f.minLength", "greater than maxLength"),
        (#""minItems":3,"maxItems":2"#, "$.properties.f.minItems", "greater than maxItems"),
        (#""pattern":"a(""#, "$.properties.f.pattern", "invalid pattern: missing ')'"),
        (#""pattern":7"#, "$.properties.f.pattern", "must be a string"),
        (#""format":"ipv4""#, "$.properties.f.format", "unsupported format"),
        (#""enum":[]"#, "$.properties.f.enum", "must not be empty"),
        (#""enum":"a""#, "$.properties.f.enum", "must be an array"),
        (#""enum":["a",1,"a"]"#, "$.properties.f.enum[2]", "duplicate"),
        (#""enum":[1.0,1]"#, "$.properties.f.enum[1]", "duplicate"),
        (#""type":"string","enum":["a",1]"#, "$.properties.f.enum[1]", "is not of type string"),
        (#""type":["string","null"],"enum":["a"]"#, "$.properties.f.enum", "does not contain null"),
        (#""type":"integer","const":"x""#, "$.properties.f.const", "is not of type integer"),
        (#""type":["integer","null"],"const":1"#, "$.properties.f.const", "allows null"),
        (#""required":"a""#, "$.properties.f.required", "must be an array"),
        (#""required":["a",2]"#, "$.properties.f.required[1]", "property name string"),
        (#""required":["a","a"]"#, "$.properties.f.required[1]", "twice"),
        (#""required":["a"],"additionalProperties":false"#, "$.properties.f.required[0]", "not declared in properties"),
        (#""properties":[]"#, "$.properties.f.properties", "must be an object"),
        (#""properties":{"x":true}"#, "$.properties.f.properties.x", "boolean schemas"),
        (#""properties":{"x":3}"#, "$.properties.f.properties.x", "must be a JSON object"),
        (#""additionalProperties":"no""#, "$.properties.f.additionalProperties", "boolean or a schema"),
        (#""additionalProperties":{"type":"nope"}"#, "$.properties.f.additionalProperties.type", "unknown type"),
        (#""items":[{}]"#, "$.properties.f.items", "tuple"),
        (#""items":{"minimum":"x"}"#, "$.properties.f.items.minimum", "must be a number"),
        (#""description":5"#, "$.properties.f.description", "must be a string"),
        (#""title":false"#, "$.properties.f.title", "must be a string"),
        (#""$id":1"#, "$.properties.f['$id']", "must be a string"),
        (#""examples":1"#, "$.properties.f.examples", "must be an array"),
        (#""$schema":"https://json-schema.org/draft/2020-12/schema""#, "$.properties.f['$schema']", "top level"),
    ])
    func refusesBadKeywordValuesWithTheirPath(body: String, path: String, message: String) throws {
        let found = try fieldProblems(body)
        #expect(found.contains { $0.path == path && $0.message.contains(message) }, "\(found)")
    }

    @Test func minimumOnAStringSchemaIsFine() throws {
        #expect(try fieldProblems(#""type":"string","minimum":3,"minItems":1"#).isEmpty)
        #expect(try fieldProblems(#""required":["a"]"#).isEmpty)  // additionalProperties allows "a"
        #expect(try fieldProblems(#""minLength":2.0"#).isEmpty)  // 2.0 is an integer
    }

    @Test func theTopLevelMustBeAnObjectSchema() throws {
        #expect(try problems("[]").map(\.path) == ["$"])
        #expect(try problems(#"{"type":"string"}"#).map(\.path) == ["$.type"])
        #expect(try problems(#"{"type":["object","null"]}"#).map(\.path) == ["$.type"])
        #expect(try problems(#"{"properties":{}}"#).map(\.path) == ["$.type"])
        #expect(try problems(#"{"type":"object","$schema":"http://json-schema.org/draft-07/schema#"}"#).map(\.path) == ["$['$schema']"])
    }

    @Test func reportsEveryProblemNotOnlyTheFirst() throws {
        let found = try problems(#"""
            {"type":"object","oneOf":[],"properties":{"a":{"type":"strin"},"b":{"minLength":-1,"pattern":"("},
             "c":{"type":"array","items":{"$ref":"#/x"}}}}
            """#)
        #expect(Set(found.map(\.path)) == [
            "$.oneOf", "$.properties.a.type", "$.properties.b.minLength", "$.properties.b.pattern",
            "$.properties.c.items['$ref']",
        ])
        let error = SchemaError(problems: found)
        #expect(error.description.split(separator: "\n").count == found.count)
    }

    @Test func enforcesTheNestingDepthLimit() throws {
        func nested(_ depth: Int) -> String {
            var text = #"{"type":"string"}"#
            for _ in 1..<depth { text = #"{"type":"object","properties":{"x":\#(text)}}"# }
            return text
        }
        let limits = SchemaLimits(maxDepth: 5, maxKeywords: 1_000)
        #expect(try problems(nested(5), limits: limits).isEmpty)
        let found = try problems(nested(6), limits: limits)
        #expect(found.count == 1)
        #expect(found.first?.path == "$.properties.x.properties.x.properties.x.properties.x.properties.x")
        #expect(found.first?.message.contains("deeper than the limit of 5") == true)
        #expect(SchemaLimits.default.maxDepth == 16)
    }

    @Test func enforcesTheKeywordLimit() throws {
        let members = (0..<10).map { #""p\#($0)":{"type":"string"}"# }.joined(separator: ",")
        let text = #"{"type":"object","properties":{\#(members)}}"#  // 2 + 10 keywords
        #expect(try problems(text, limits: SchemaLimits(maxDepth: 16, maxKeywords: 12)).isEmpty)
        let found = try problems(text, limits: SchemaLimits(maxDepth: 16, maxKeywords: 11))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("more than 11 keywords") == true)
        #expect(SchemaLimits.default.maxKeywords == 2_000)
    }

    @Test(arguments: [
        "(?i)abc", "a++", "a*+", "a{2}+", "a**", "\\Aabc", "abc\\z", "[[:alpha:]]", "(?#c)", "abc\\", "[abc", "(abc",
        "abc)", "a{2", "{2}", "a{3,2}", "a{1001}", "*a", "a|*", "^*", "\\1", "(a)\\1", "\\k<x>", "(?=a)", "(?!a)",
        "(?<=a)b", "(?<!a)b", "\\p{L}", "\\q", "a}", "a]", "[z-a]", "[\\d-z]", "\\x4", "\\u{110000}", "\\c1", "\\01",
    ])
    func refusesPatternsOutsideTheSupportedSyntax(pattern: String) throws {
        let text = #"{"type":"object","properties":{"f":{"pattern":\#(KeywordReader.render(.string(pattern)))}}}"#
        let found = try problems(text)
        #expect(found.map(\.path) == ["$.properties.f.pattern"], "\(found)")
    }

    @Test(arguments: [
        "", "^[a-z]+$", "a|b", "(?:ab)+", "(?<year>\\d{4})-(?<month>\\d{2})", "\\u0041", "\\u{1F600}", "\\x41",
        "[\\]\\[]", "a{2,}", "a{2,3}?", "a{0}", "\\bword\\B", "\\/path\\.", "[^\\s\\d]", "[\\w-]", "[-a]", "\\cJ",
        "\\0", "[\\b]", "(a|b|)*c", "x{1000}",
    ])
    func acceptsTheSupportedECMA262Syntax(pattern: String) throws {
        let text = #"{"type":"object","properties":{"f":{"pattern":\#(KeywordReader.render(.string(pattern)))}}}"#
        #expect(try problems(text).isEmpty)
    }

    @Test func patternErrorsSayWhereAndWhy() throws {
        let found = try fieldProblems(#""pattern":"ab(c""#)
        #expect(found.map(\.message) == ["invalid pattern: missing ')' at character 5"])
        let backReference = try fieldProblems(#""pattern":"(a)\\1""#)
        #expect(backReference.first?.message.contains("back-references are not supported") == true)
        let long = try fieldProblems(#""pattern":"\#(String(repeating: "a", count: 1_001))""#)
        #expect(long.first?.message.contains("longer than 1000") == true)
        let huge = try fieldProblems(#""pattern":"(a{1000}){1000}""#)
        #expect(huge.first?.message.contains("too large") == true)
    }
}
