import Testing
@testable import SluiceJSON

@Suite struct ParserValidTests {
    /// y_ cases in the spirit of JSONTestSuite: each must parse to the given value.
    @Test(arguments: [
        ("null", JSONValue.null),
        ("true", true),
        ("false", false),
        ("0", 0),
        ("-0", 0),
        ("123", 123),
        ("-9223372036854775808", .number(JSONNumber(Int64.min))),
        ("9223372036854775807", .number(JSONNumber(Int64.max))),
        ("1.5", 1.5),
        ("1E2", 100),
        ("1e+2", 100),
        ("1e-2", 0.01),
        ("-0.0e0", 0),
        ("\"\"", ""),
        ("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", "a\"b\\c/d\u{8}\u{c}\n\r\t"),
        ("\"\\u0041\\u00e9\\u20AC\"", "Aé€"),
        ("\"\\ud83d\\ude00\"", "😀"),
        ("\"é€😀\"", "é€😀"),
        ("\"\\u0000\"", "\u{0}"),
        ("[]", []),
        ("{}", [:]),
        (" \t\r\n[ 1 , \"x\" , null ]\n", [1, "x", nil]),
        ("{\"a\":{\"b\":[true,{}]},\"c\":-1.25}", ["a": ["b": [true, [:]]], "c": -1.25]),
        ("[[[]]]", [[[]]]),
    ] as [(String, JSONValue)])
    func parsesValidDocument(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test func keepsIntegersExactAndOthersAsDouble() throws {
        #expect(try JSONParser.parse("9007199254740993").number?.storage.isInt == true)
        #expect(try JSONParser.parse("9007199254740993").int64 == 9_007_199_254_740_993)
        #expect(try JSONParser.parse("1.0").number?.storage.isInt == false)
        // Beyond Int64: nearest double.
        let big = try JSONParser.parse("18446744073709551616")
        #expect(big.number?.storage.isInt == false)
        #expect(big.double == 18_446_744_073_709_551_616.0)
        #expect(try JSONParser.parse("-9223372036854775809").double == -9_223_372_036_854_775_809.0)
    }

    @Test func objectsKeepMemberOrder() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.object?.keys == ["z", "a", "m"])
        #expect(String(decoding: JSONSerializer.serialize(value), as: UTF8.self) == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test func largeObjectsUseIndexAndRejectDuplicates() throws {
        let members = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let value = try JSONParser.parse("{\(members)}")
        #expect(value.object?.count == 40)
        #expect(value["k37"]?.int == 37)
        #expect(value["k40"] == nil)
        #expect(throws: JSONParseError.self) { try JSONParser.parse("{\(members),\"k3\":0}") }
    }

    @Test func parsesFromSliceAndRawBuffer() throws {
        let bytes = Array("xx[1,2]yy".utf8)
        #expect(try JSONParser().parse(bytes[2..<7]) == [1, 2])
        let raw = Array(#"{"a":"b"}"#.utf8)
        let value = try raw.withUnsafeBytes { buffer in try JSONParser().parse(buffer) }
        #expect(value == ["a": "b"])
    }

    @Test func depthExactlyAtLimitIsAccepted() throws {
        let parser = JSONParser(limits: .init(maxDepth: 64))
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try parser.parse(text) }
    }

    @Test func stringAndMemberLimitsAtBoundaryAreAccepted() throws {
        let parser = JSONParser(limits: .init(maxStringBytes: 3, maxMembers: 2))
        #expect(try parser.parse(#"{"abc":["é",2]}"#) == ["abc": ["é", 2]])
    }
}

extension JSONNumber.Storage {
    var isInt: Bool {
        if case .int = self { return true }
        return false
    }
}
