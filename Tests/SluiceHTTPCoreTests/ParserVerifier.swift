@testable import SluiceHTTPCore

/// What feeding a byte stream to a fresh parser produced: the requests in order, whether a
/// 100-continue point was seen before each, and the error that stopped it (if any).
struct ParseOutcome: Equatable {
    var requests: [String]
    var continues: Int
    var error: HTTPParserError?
}

/// Feeds input to a parser in the given chunk sizes, like swift-nio's
/// ByteToMessageDecoderVerifier: every split of the same bytes must give the same outcome.
enum ParserVerifier {
    static func feed(_ bytes: [UInt8], splits: [Int], limits: HTTPLimits = HTTPLimits()) -> (ParseOutcome, [HTTPParsedRequest]) {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = ParseOutcome(requests: [], continues: 0, error: nil)
        var parsed: [HTTPParsedRequest] = []
        var position = 0
        var splitIndex = 0
        while position < bytes.count {
            let size = splits.isEmpty ? bytes.count : max(1, splits[splitIndex % splits.count])
            splitIndex += 1
            let chunk = Array(bytes[position..<min(bytes.count, position + size)])
            position += chunk.count
            var offset = 0
            repeat {
                do {
                    let step = try chunk.withUnsafeBytes { raw in
                        try parser.parse(UnsafeRawBufferPointer(rebasing: raw[offset...]))
                    }
                    precondition(step.consumed <= chunk.count - offset)
                    offset += step.consumed
                    switch step.output {
                    case .needMoreData:
                        precondition(offset == chunk.count)
                    case .expectContinue:
                        outcome.continues += 1
                    case .request(let request):
                        parsed.append(request)
                        outcome.requests.append(describe(request))
                    }
                } catch let error as HTTPParserError {
                    outcome.error = error
                    return (outcome, parsed)
                } catch {
                    fatalError("untyped error \(error)")
                }
            } while offset < chunk.count
        }
        return (outcome, parsed)
    }

    static func describe(_ parsed: HTTPParsedRequest) -> String {
        let r = parsed.request
        let headers = r.headers.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        return "\(r.method) \(r.target) 1.\(parsed.minorVersion) ka=\(parsed.keepAlive) [\(headers)] \(String(decoding: r.body, as: UTF8.self))"
    }

    /// Feeds whole, one byte at a time, and in several pseudo-random splits; checks every
    /// way gives the same outcome and returns it.
    static func verify(_ text: String, limits: HTTPLimits = HTTPLimits()) -> ParseOutcome {
        let bytes = Array(text.utf8)
        let (whole, _) = feed(bytes, splits: [], limits: limits)
        var generator = SplitMix(seed: UInt64(bytes.count))
        var splitPlans: [[Int]] = [[1], [2], [3], [7]]
        for _ in 0..<8 { splitPlans.append((0..<16).map { _ in Int(generator.next() % 12) + 1 }) }
        for plan in splitPlans {
            let (other, _) = feed(bytes, splits: plan, limits: limits)
            precondition(other == whole, "split \(plan) gave \(other), whole gave \(whole)")
        }
        return whole
    }
}

/// A tiny deterministic random number generator for reproducible splits.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
