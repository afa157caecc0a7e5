// Ingest's CPU work per request, without HTTP or PostgreSQL: parsing a batch of 100 events
// (about 300 bytes of data each, like Benchmarks/ingest-bench.sh sends), checking each
// against the schema (validation, derived id), and the pieces of that.
//
//   swift build -c release --product sluice-bench-ingest-check && .build/release/sluice-bench-ingest-check
import Foundation
import Ingest
import SluiceCrypto
import SluiceEventLog
import SluiceJSON
import SluiceSchema

let schema = try Schema.parse(
    try JSONParser.parse(
        #"""
        {"type":"object","properties":{
          "user_id":{"type":"string","maxLength":64},"session_id":{"type":"string"},"url":{"type":"string","format":"uri"},
          "referrer":{"type":["string","null"]},"country":{"type":"string","minLength":2,"maxLength":2},
          "device":{"type":"string","enum":["mobile","desktop","tablet"]},"browser":{"type":"string"},
          "duration_ms":{"type":"integer","minimum":0},"seq":{"type":"integer"}},
          "required":["user_id","session_id","url","duration_ms"],"additionalProperties":false}
        """#))
let events = (1...100).map { i in
    #"{"data":{"user_id":"u\#(i % 97)","session_id":"42-7-\#(i)","url":"https://shop.example.com/products/\#(i)?ref=campaign","referrer":"https://www.example.org/search?q=shoes","country":"DE","device":"mobile","browser":"Firefox 132","duration_ms":\#(800 + i),"seq":\#(700 + i)}}"#
}
let body = Array(#"{"events":["#.utf8) + Array(events.joined(separator: ",").utf8) + Array("]}".utf8)
let topic = TopicName("bench")!

func measure(_ label: String, iterations: Int, _ body: () throws -> Void) rethrows {
    for _ in 0..<max(1, iterations / 10) { try body() }
    let start = ContinuousClock.now
    for _ in 0..<iterations { try body() }
    let elapsed = start.duration(to: .now)
    let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(iterations)
    print(String(format: "%-44@ %9.1f µs per batch of 100", label as NSString, micros))
}

let request = try IngestRequest(body: body, maxEvents: 1000)
let checker = EventChecker(
    topic: topic, retentionDays: nil, latestVersion: 1, schema: { _ in schema }, receivedAt: Timestamp.now(),
    producerKeyID: "key", traceparent: nil, outOfRange: request.outOfRange)
let datas = request.events.map { $0["data"]! }
let canonical = datas.map { JSONSerializer.canonical($0) }

print("body: \(body.count) bytes")
try measure("parse (IngestRequest)", iterations: 2000) { _ = try IngestRequest(body: body, maxEvents: 1000) }
try measure("check 100 events (EventChecker)", iterations: 2000) { for event in request.events { _ = try checker.check(event) } }
measure("  validate 100 data objects", iterations: 2000) { for data in datas { _ = schema.validate(data) } }
measure("  derive 100 ids (EventID)", iterations: 2000) {
    for data in datas { _ = EventID.derive(topic: topic, givenTime: nil, data: data) }
}
measure("    canonical JSON of 100 data objects", iterations: 2000) { for data in datas { _ = JSONSerializer.canonical(data) } }
measure("    SHA-256 of 100 canonical forms", iterations: 2000) { for bytes in canonical { _ = SHA256.hash(bytes) } }
measure("serialize 100 data objects", iterations: 2000) { for data in datas { _ = JSONSerializer.serialize(data) } }
