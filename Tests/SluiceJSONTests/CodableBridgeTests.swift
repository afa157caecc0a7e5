import Foundation
import Testing
@testable import SluiceJSON

@Suite struct CodableBridgeTests {
    struct Event: Codable, Equatable {
        var id: String
        var time: Date
        var count: Int
        var small: UInt8
        var big: UInt64
        var ratio: Double
        var ratio32: Float
        var flag: Bool
        var note: String?
        var tags: [String]
        var attributes: [String: Int]
        var payload: JSONValue
        var nested: Nested
        var at: Timestamp
        var day: CalendarDate
    }

    struct Nested: Codable, Equatable {
        var values: [Int64]
        var maybe: [Int?]
    }

    let sample = Event(
        id: "e1", time: Date(timeIntervalSince1970: 1_772_460_000.25), count: -3, small: 200, big: 1 << 40,
        ratio: 0.1, ratio32: 1.5, flag: true, note: nil, tags: ["a", "b"], attributes: ["x": 1],
        payload: ["free": [1, "form", nil]], nested: Nested(values: [Int64.max, Int64.min], maybe: [1, nil]),
        at: Timestamp(microsecondsSinceEpoch: 1_772_460_000_000_001), day: CalendarDate(year: 2024, month: 2, day: 29)!)

    @Test func roundTripsThroughJSONValue() throws {
        let value = try JSONValueEncoder().encode(sample)
        #expect(value["time"] == "2026-03-02T14:00:00.250000Z")
        #expect(value["note"] == nil)  // nil optionals are omitted
        #expect(value["payload"] == ["free": [1, "form", nil]])
        #expect(value["at"] == "2026-03-02T14:00:00.000001Z")
        #expect(value["day"] == "2024-02-29")
        #expect(value.object?.keys.first == "id")  // declaration order
        let decoded = try JSONValueDecoder().decode(Event.self, from: value)
        #expect(decoded == sample)
        // Through bytes as well.
        let bytes = try JSONValueEncoder().encodeToBytes(sample)
        #expect(try JSONValueDecoder().decode(Event.self, from: bytes) == sample)
    }

    @Test func interoperatesWithFoundationCoders() throws {
        let inner: JSONValue = ["a": [1, 2.5, "x", nil, true]]
        let foundation = try JSONEncoder().encode(["v": inner])
        let viaFoundation = try JSONValueDecoder().decode([String: JSONValue].self, from: Array(foundation))
        #expect(viaFoundation["v"] == ["a": [1, 2.5, "x", nil, true]])
        let back = try JSONDecoder().decode(JSONValue.self, from: Data(JSONSerializer.serialize(["k": [1, nil]])))
        #expect(back == ["k": [1, nil]])
    }

    @Test func namesPathInTypeMismatch() throws {
        struct Outer: Decodable { var data: Inner }
        struct Inner: Decodable { var items: [Item] }
        struct Item: Decodable { var name: String }
        let value = try JSONParser.parse(#"{"data":{"items":[{"name":"a"},{"name":7}]}}"#)
        let error = #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Outer.self, from: value) }
        #expect(error?.jsonPath.description == "$.data.items[1].name")
        #expect(error?.jsonMessage == "expected a string at $.data.items[1].name, found number")
    }

    @Test func reportsMissingNullAndOutOfRange() throws {
        struct Body: Decodable {
            var id: String
            var level: UInt8
        }
        let decoder = JSONValueDecoder()
        let missing = #expect(throws: DecodingError.self) { try decoder.decode(Body.self, from: ["level": 1]) }
        #expect(missing?.jsonMessage == #"missing required member "id" at $"#)
        let null = #expect(throws: DecodingError.self) { try decoder.decode(Body.self, from: ["id": nil, "level": 1]) }
        guard case .valueNotFound? = null else {
            Issue.record("expected valueNotFound, got \(String(describing: null))")
            return
        }
        let range = #expect(throws: DecodingError.self) { try decoder.decode(Body.self, from: ["id": "x", "level": 300]) }
        #expect(range?.jsonMessage == "number 300 at $.level does not fit in UInt8")
        let fraction = #expect(throws: DecodingError.self) { try decoder.decode(Body.self, from: ["id": "x", "level": 1.5]) }
        #expect(fraction?.jsonMessage == "number 1.5 at $.level is not an integer")
        #expect(try decoder.decode(Body.self, from: ["id": "x", "level": 2.0]).level == 2)
        #expect(throws: DecodingError.self) { try decoder.decode([Int].self, from: ["a": 1]) }
        let date = #expect(throws: DecodingError.self) { try decoder.decode([String: Date].self, from: ["t": "2026-02-30T00:00:00Z"]) }
        #expect(date?.jsonPath.description == "$.t")
    }

    @Test func optionalsAcceptMissingAndNull() throws {
        struct Body: Codable, Equatable { var a: Int?; var b: String? }
        #expect(try JSONValueDecoder().decode(Body.self, from: [:]) == Body(a: nil, b: nil))
        #expect(try JSONValueDecoder().decode(Body.self, from: ["a": nil, "b": "x"]) == Body(a: nil, b: "x"))
        #expect(try JSONValueEncoder().encode(Body(a: 1, b: nil)) == ["a": 1])
    }

    @Test func encoderRejectsNonFiniteAndWidensLargeUnsigned() throws {
        let error = #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(["x": Double.nan]) }
        guard case .invalidValue(_, let context)? = error else {
            Issue.record("expected invalidValue")
            return
        }
        #expect(JSONPath(codingPath: context.codingPath).description == "$.x")
        #expect(try JSONValueEncoder().encode([UInt64.max]) == [.number(JSONNumber(18_446_744_073_709_551_615.0))])
        #expect(try JSONValueEncoder().encode(JSONValue.null) == nil)
        #expect(try JSONValueEncoder().encode("top") == "top")
    }
}
