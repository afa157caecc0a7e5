import Testing
@testable import SluiceJSON

/// Property tests over deterministic pseudo-random values: whatever we write, we read back
/// unchanged; the canonical form is a fixed point; mutated input never crashes the parser.
@Suite struct RandomizedRoundTripTests {
    /// A small deterministic generator (PCG-style LCG), so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    func randomString(_ random: inout Generator) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<random.below(8) {
            let pick = random.below(10)
            let value: UInt32
            switch pick {
            case 0: value = UInt32(random.below(0x20))  // control characters
            case 1: value = [0x22, 0x5C, 0x2F][random.below(3)]  // " \ /
            case 2: value = UInt32(0x80 + random.below(0x780))
            case 3: value = UInt32(0xE000 + random.below(0x2000))
            case 4: value = UInt32(0x10000 + random.below(0x100000))
            default: value = UInt32(0x20 + random.below(0x5F))
            }
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    func randomValue(_ random: inout Generator, depth: Int) -> JSONValue {
        switch random.below(depth > 4 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(random.below(2) == 0)
        case 2: return .number(JSONNumber(Int64(bitPattern: random.next()) >> random.below(64)))
        case 3:
            var double = Double(bitPattern: random.next())
            while !double.isFinite { double = Double(bitPattern: random.next()) }
            return .number(JSONNumber(double))
        case 4: return .string(randomString(&random))
        case 5: return .array((0..<random.below(5)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<random.below(12) { object[randomString(&random)] = randomValue(&random, depth: depth + 1) }
            return .object(object)
        }
    }

    @Test func serializedValuesParseBackEqual() throws {
        var random = Generator(state: 42)
        for _ in 0..<500 {
            let value = randomValue(&random, depth: 0)
            let compact = JSONSerializer.serialize(value)
            #expect(try JSONParser.parse(compact) == value)
            let canonical = JSONSerializer.canonical(value)
            let reparsed = try JSONParser.parse(canonical)
            #expect(reparsed == value)
            #expect(JSONSerializer.canonical(reparsed) == canonical)
            #expect(try JSONParser.parse(JSONSerializer.pretty(value)) == value)
        }
    }

    @Test func doublesRoundTripExactlyThroughShortestForm() throws {
        var random = Generator(state: 7)
        for _ in 0..<20_000 {
            let double = Double(bitPattern: random.next())
            guard double.isFinite else { continue }
            let text = JSONNumber(double).description
            #expect(try JSONParser.parse(text).double == double, "\(double) written as \(text)")
        }
    }

    @Test func mutatedDocumentsNeverCrashTheParser() throws {
        var random = Generator(state: 99)
        let seed = Array(#"{"events":[{"id":"a\u00e9","n":-1.5e3,"ok":[true,false,null],"s":"é😀"}]}"#.utf8)
        let interesting: [UInt8] = [0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x30, 0x2D, 0x65, 0x80, 0xC3, 0xED, 0xF4, 0x00]
        for _ in 0..<5_000 {
            var bytes = seed
            for _ in 0..<1 + random.below(3) {
                let position = random.below(bytes.count)
                switch random.below(3) {
                case 0: bytes[position] = interesting[random.below(interesting.count)]
                case 1: bytes.remove(at: position)
                default: bytes.insert(interesting[random.below(interesting.count)], at: position)
                }
            }
            do {
                let value = try JSONParser.parse(bytes)
                #expect(try JSONParser.parse(JSONSerializer.serialize(value)) == value)
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
                #expect(!error.description.isEmpty)
            }
        }
    }
}
