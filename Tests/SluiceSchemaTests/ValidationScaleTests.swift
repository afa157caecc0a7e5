import SluiceJSON
import Testing

@testable import SluiceSchema

@Suite("Validation at volume")
struct ValidationScaleTests {
    @Test func validatesTenThousandEvents() throws {
        let schema = try SluiceSchemaTests.schema(#"""
            {"type":"object","required":["user_id","page","at"],"additionalProperties":true,"properties":{
              "user_id":{"type":"string","format":"uuid"},"page":{"type":"string","pattern":"^/","maxLength":200},
              "at":{"type":"string","format":"date-time"},"duration_ms":{"type":"integer","minimum":0},
              "country":{"type":["string","null"],"minLength":2,"maxLength":2},
              "tags":{"type":"array","maxItems":10,"items":{"type":"string"}}}}
            """#)
        var events: [JSONValue] = []
        events.reserveCapacity(10_000)
        for index in 0..<10_000 {
            let hex = String(index, radix: 16)
            let id = "123e4567-e89b-12d3-a456-" + String(repeating: "0", count: 12 - hex.count) + hex
            let duration = index % 100 == 0 ? -1 : index  // every 100th event is invalid
            events.append(try json(#"""
                {"user_id":"\#(id)","page":"/p/\#(index % 37)","at":"2026-03-02T14:00:\#(String(format2: index % 60))Z",
                 "duration_ms":\#(duration),"country":\#(index % 3 == 0 ? "null" : "\"FR\""),"tags":["a","b"]\#(index % 1000 == 0 ? #","new_field":1"# : "")}
                """#))
        }
        var invalid = 0
        var unknown = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for event in events {
                let result = schema.validate(event)
                if !result.isValid { invalid += 1 }
                unknown += result.unknownFields.count
            }
        }
        #expect(invalid == 100)
        #expect(unknown == 10)
        // Behaviour, not speed: a generous bound that only catches pathological slowness
        // (debug build, shared machine).
        #expect(elapsed < .seconds(30))
        print("validated 10,000 events in \(elapsed)")
    }
}

extension String {
    fileprivate init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}

@Suite("Validation from many tasks")
struct ConcurrentValidationTests {
    /// A registered schema (with a compiled pattern) is shared by every connection's task.
    @Test func oneSchemaValidatesConcurrently() async throws {
        let schema = try objectSchema(#""code":{"type":"string","pattern":"^[A-Z]{2}-[0-9]+$"},"n":{"type":"integer","maximum":10}"#)
        let good = try json(#"{"code":"FR-12","n":3}"#)
        let bad = try json(#"{"code":"fr-12","n":30}"#)
        let counts = await withTaskGroup(of: Int.self) { group in
            for task in 0..<4 {
                group.addTask {
                    var failures = 0
                    for index in 0..<500 where !schema.validate((index + task) % 2 == 0 ? good : bad).isValid {
                        failures += 1
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(counts == 1_000)
    }
}
