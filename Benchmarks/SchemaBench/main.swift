// sluice-bench-schema: how long SluiceSchema takes to validate one typical event.
//
//     swift run -c release sluice-bench-schema [events]
//
// Parses a batch of page_view-like events once, then validates them repeatedly against a
// schema using most keywords (formats, a pattern, bounds, a nested object, an array), and
// prints nanoseconds per event for valid events and for events with errors.
import SluiceJSON
import SluiceSchema

let count = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000

let schema = try Schema.parse(
    try JSONParser.parse(#"""
        {"type":"object","required":["user_id","page","at"],"properties":{
          "user_id":{"type":"string","format":"uuid"},
          "page":{"type":"string","pattern":"^/[a-z0-9/_-]*$","maxLength":200},
          "at":{"type":"string","format":"date-time"},
          "duration_ms":{"type":"integer","minimum":0},
          "country":{"type":["string","null"],"minLength":2,"maxLength":2},
          "device":{"type":"object","properties":{"os":{"enum":["ios","android","web"]},"version":{"type":"string"}}},
          "tags":{"type":"array","maxItems":10,"items":{"type":"string"}}}}
        """#))

func event(_ index: Int, valid: Bool) throws -> JSONValue {
    let hex = String(index % 0xFFFF, radix: 16)
    let id = "123e4567-e89b-12d3-a456-" + String(repeating: "0", count: 12 - hex.count) + hex
    let duration = valid ? index % 5_000 : -1
    return try JSONParser.parse(#"""
        {"user_id":"\#(id)","page":"/products/\#(index % 97)","at":"2026-03-02T14:00:00.123Z",
         "duration_ms":\#(duration),"country":"FR","device":{"os":"\#(valid ? "ios" : "tv")","version":"17.2"},
         "tags":["a","b","c"]}
        """#)
}

let batch = 1_000
let valid = try (0..<batch).map { try event($0, valid: true) }
let invalid = try (0..<batch).map { try event($0, valid: false) }

func measure(_ label: String, _ events: [JSONValue]) {
    var issues = 0
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        var done = 0
        while done < count {
            for event in events { issues += schema.validate(event).errors.count }
            done += events.count
        }
    }
    let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    let perEvent = nanoseconds / Double(count)
    print("\(label): \(count) events in \(elapsed), \(Int(perEvent)) ns/event, \(Int(1e9 / perEvent)) events/s (\(issues) issues)")
}

measure("valid", valid)
measure("invalid (2 errors each)", invalid)
