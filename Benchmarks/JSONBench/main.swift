// sluice-bench-json: parse + canonical-serialize a batch of 100 small events with SluiceJSON,
// and the same work with Foundation's JSONSerialization (parse + .sortedKeys), in one run.
//
//     swift build -c release --product sluice-bench-json
//     .build/release/sluice-bench-json [seconds-per-measurement, default 2]
import Foundation
import SluiceJSON

/// A producer's batch of `count` events, shaped like real ingest traffic.
func makeBatch(count: Int) -> [UInt8] {
    let countries = ["DE", "FR", "US", "BR", "JP"]
    var text = #"{"events":["#
    for index in 0..<count {
        if index > 0 { text += "," }
        let id = String(format: "0192f3a4-%04x-7e3b-9c1d-%012x", index, index * 7919)
        text += #"{"id":"\#(id)","time":"2026-03-02T14:\#(String(format: "%02d", index % 60)):00Z","#
        text += #""data":{"user_id":"u\#(100 + index)","country":"\#(countries[index % 5])","#
        text += #""duration_ms":\#(800 + index * 3),"path":"/a/b/\#(index)"}}"#
    }
    text += "]}"
    return Array(text.utf8)
}

/// Runs `body` repeatedly for about `seconds` and returns operations per second.
func measure(_ label: String, seconds: Double, _ body: () throws -> Int) rethrows -> Double {
    var sink = 0
    for _ in 0..<50 { sink &+= try body() }  // warm-up
    let clock = ContinuousClock()
    let start = clock.now
    var operations = 0
    var elapsed = Duration.zero
    repeat {
        for _ in 0..<100 { sink &+= try body() }
        operations += 100
        elapsed = clock.now - start
    } while elapsed < .seconds(seconds)
    let perSecond = Double(operations) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    print("\(label.padding(toLength: 46, withPad: " ", startingAt: 0)) \(String(format: "%10.0f", perSecond)) batches/s  (\(String(format: "%.2f", 1e6 / perSecond)) µs/batch, sink \(sink % 10))")
    return perSecond
}

let seconds = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 2 : 2
let batch = makeBatch(count: 100)
let batchData = Data(batch)
print("batch: 100 events, \(batch.count) bytes; \(seconds) s per measurement")

// Both paths must agree on the canonical document before we compare speed.
let ours = JSONSerializer.canonical(try JSONParser().parse(batch))
let theirs = try JSONSerialization.data(
    withJSONObject: JSONSerialization.jsonObject(with: batchData), options: [.sortedKeys])
let oursParsed = try JSONParser().parse(ours)
let theirsParsed = try JSONParser().parse(Array(theirs))
precondition(oursParsed == theirsParsed, "SluiceJSON and Foundation disagree on the document")

let parser = JSONParser()
let parseOnly = try measure("SluiceJSON parse", seconds: seconds) {
    let value = try parser.parse(batch)
    return value["events"]?.array?.count ?? 0
}
var output: [UInt8] = []
output.reserveCapacity(batch.count)
let sluice = try measure("SluiceJSON parse + canonical serialize", seconds: seconds) {
    output.removeAll(keepingCapacity: true)
    JSONSerializer.appendCanonical(try parser.parse(batch), to: &output)
    return output.count
}
let foundation = try measure("Foundation parse + .sortedKeys serialize", seconds: seconds) {
    let object = try JSONSerialization.jsonObject(with: batchData)
    return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).count
}
print(String(format: "ratio (SluiceJSON parse+canonical / Foundation): %.2fx", sluice / foundation))
print(String(format: "SluiceJSON parse alone: %.0f MB/s; parse+canonical: %.0f events/s",
    parseOnly * Double(batch.count) / 1e6, sluice * 100))
