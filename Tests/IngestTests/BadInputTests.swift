import Ingest
import SluiceHTTPCore
import SluiceJSON
import Testing

@Suite struct BadInputTests {
    @Test func answersEachBadBodyWithItsStatusAndStoresNothing() throws {
        try IngestHarness.with(environment: ["SLUICE_INGEST_MAX_BATCH": "3"]) { ingest in
            try ingest.createTopic("t", schema: ["type": "object"])
            let path = "/v1/topics/t/events"

            let malformed = try ingest.send(.post, path, body: Array(#"{"data": {"a": 1,}}"#.utf8))
            #expect(malformed.status == .badRequest)
            #expect(malformed.headers["Content-Type"] == "application/problem+json")
            #expect(malformed.json["detail"]?.string?.contains("byte 17") == true)

            let notObject = try ingest.send(.post, path, body: Array("[1,2]".utf8))
            #expect(notObject.status == .badRequest)
            #expect(try ingest.send(.post, path, body: Array(#""text""#.utf8)).status == .badRequest)

            let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            let tooDeep = try ingest.send(.post, path, body: Array(#"{"data":{"a":"#.utf8) + Array(deep.utf8) + Array("}}".utf8))
            #expect(tooDeep.status == .badRequest)
            #expect(tooDeep.json["detail"]?.string?.contains("deep") == true)

            let invalidUTF8 = try ingest.send(.post, path, body: Array(#"{"data":{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}}"#.utf8))
            #expect(invalidUTF8.status == .badRequest)
            #expect(invalidUTF8.json["detail"]?.string?.contains("UTF-8") == true)

            let overCount = try ingest.send(.post, path, json: ["events": [["data": [:]], ["data": [:]], ["data": [:]], ["data": [:]]]])
            #expect(overCount.status == .contentTooLarge)

            let unknownTopic = try ingest.send(.post, "/v1/topics/nope/events", json: ["data": [:]])
            #expect(unknownTopic.status == .notFound)
            #expect(try ingest.send(.post, "/v1/topics/NOT%20VALID/events", json: ["data": [:]]).status == .notFound)

            let wrongType = try ingest.send(.post, path, body: Array(#"{"data":{}}"#.utf8), headers: ["Content-Type": "text/plain"])
            #expect(wrongType.status == .unsupportedMediaType)

            let eventsNotArray = try ingest.send(.post, path, json: ["events": "no"])
            #expect(eventsNotArray.status == .badRequest)

            let malformedAfterBigNumber = try ingest.send(.post, path, body: Array(#"{"events":[{"data":{"v":1e999}}, oops]}"#.utf8))
            #expect(malformedAfterBigNumber.status == .badRequest)
            #expect(malformedAfterBigNumber.json["detail"]?.string?.contains("byte 33") == true)

            #expect(try ingest.service.log.lastOffset(topic: .init("t")!) == 0)
            #expect(try ingest.send(.get, "/v1/deadletters").json["deadLetters"] == [])
        }
    }

    @Test func rejectsMalformedEventsInsideAValidBody() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("t", schema: ["type": "object"])
            let response = try ingest.send(
                .post, "/v1/topics/t/events",
                json: ["events": [42, ["data": 1], ["id": "", "data": [:]], ["extra": true, "data": [:]], [:]]])
            #expect(response.json["accepted"] == 0)
            let paths = response.json["rejected"]?.array?.map { $0["errors"]?[0]?["path"]?.string ?? "" }
            #expect(paths == ["$", "$.data", "$.id", "$.extra", "$.data"])
        }
    }
}

@Suite struct BodyLimitTests {
    @Test func aBodyOverTheByteLimitIs413() throws {
        try IngestHarness.with(environment: ["SLUICE_MAX_BODY_BYTES": "2048"]) { ingest in
            try ingest.createTopic("t", schema: ["type": "object"])
            let big = try ingest.send(.post, "/v1/topics/t/events", json: ["data": ["s": .string(String(repeating: "x", count: 4096))]])
            #expect(big.status == .contentTooLarge)
        }
    }

    @Test func aVeryLongUnknownFieldNameIsCountedAsDrift() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("t", schema: ["type": "object", "additionalProperties": true])
            let name = String(repeating: "k", count: 500)
            let response = try ingest.send(.post, "/v1/topics/t/events", json: ["data": [name: 1]])
            #expect(response.json["accepted"] == 1)
            let drift = try ingest.send(.get, "/v1/topics/t/drift").json["drift"]?.array ?? []
            #expect(drift.map { $0["path"]?.string } == ["$.data." + name])
        }
    }
}

@Suite struct MutatedBodyTests {
    /// Hundreds of damaged copies of a valid batch (bytes flipped, cut, duplicated, inserted):
    /// every answer is 200 or a 4xx, nothing is half-stored, and the service keeps serving.
    @Test func noDamagedBodyCrashesOrHalfStores() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("t", schema: ["type": "object", "properties": ["n": ["type": "number"], "s": ["type": "string"]]])
            let valid = Array(#"{"events":[{"id":"a","time":"2026-11-21T10:00:00Z","data":{"n":1.5e3,"s":"x\u00e9\"y"}},{"data":{"n":-0,"s":"<b>"}},{"schemaVersion":1,"data":{"s":"\ud83d\ude80"}}]}"#.utf8)
            var generator = SystemRandomNumberGenerator()
            var statuses: [Int: Int] = [:]
            for _ in 0..<300 {
                var body = valid
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let position = Int.random(in: 0..<body.count, using: &generator)
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: body[position] = UInt8.random(in: 0...255, using: &generator)
                    case 1: body.removeSubrange(position...)
                    case 2: body.insert(contentsOf: body[position..<min(body.count, position + 8)], at: position)
                    default: body.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                    }
                    if body.isEmpty { body = [UInt8(ascii: "{")] }
                }
                let response = try ingest.send(.post, "/v1/topics/t/events", body: body)
                statuses[response.status.code, default: 0] += 1
                #expect(response.status.code == 200 || (400..<500).contains(response.status.code), "\(response.status) for \(body)")
            }
            #expect(statuses[400, default: 0] > 0)
            #expect(try ingest.send(.get, "/healthz", key: nil).status == .ok)
            // Whatever was accepted is readable, with gap-free offsets.
            let records = try ingest.service.log.read(topic: .init("t")!, after: 0, limit: 1000)
            #expect(records.map(\.offset) == Array(stride(from: Int64(1), through: Int64(records.count), by: 1)))
        }
    }
}
