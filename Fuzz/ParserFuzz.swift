// libFuzzer entry for the HTTP/1.1 request parser. Compiled together with the
// SluiceHTTPCore sources by Fuzz/run.sh (not part of the Swift package).
//
// Invariants checked on every input (a violation traps, which libFuzzer reports):
// - a step never consumes more bytes than it was given, and `needMoreData` means all were;
// - no request body is longer than `maxBodyBytes`, no head has more than `maxHeaderCount` fields;
// - feeding the same bytes whole, split in two at a point chosen by the input, and one byte
//   at a time gives the same requests and the same error;
// - the connection state machine, fed the same bytes, hands out the same requests in order
//   and rejects exactly when the parser fails, with the error's status.

let fuzzLimits = HTTPLimits(maxHeadBytes: 512, maxBodyBytes: 128, maxHeaderCount: 8)

struct FuzzOutcome: Equatable {
    var requests: [String] = []
    var keepAlive: [Bool] = []
    var continues = 0
    var error: HTTPParserError? = nil
}

func describe(_ parsed: HTTPParsedRequest) -> String {
    let request = parsed.request
    precondition(request.body.count <= fuzzLimits.maxBodyBytes, "body over the limit")
    precondition(request.headers.count <= fuzzLimits.maxHeaderCount, "too many headers")
    var text = "\(request.method.rawValue) \(request.target) \(parsed.minorVersion) \(parsed.keepAlive)"
    for field in request.headers { text += "|\(field.name):\(field.value)" }
    text += "|\(request.body)"
    return text
}

func run(_ data: UnsafeRawBufferPointer, splits: (Int) -> Int) -> FuzzOutcome {
    var parser = HTTPRequestParser(limits: fuzzLimits)
    var outcome = FuzzOutcome()
    var position = 0
    var index = 0
    while position < data.count {
        let size = max(1, min(data.count - position, splits(index)))
        index += 1
        let chunk = UnsafeRawBufferPointer(rebasing: data[position..<position + size])
        position += size
        var offset = 0
        repeat {
            let step: HTTPParserStep
            do {
                step = try parser.parse(UnsafeRawBufferPointer(rebasing: chunk[offset...]))
            } catch {
                outcome.error = error
                return outcome
            }
            precondition(step.consumed >= 0 && step.consumed <= chunk.count - offset, "consumed more than given")
            offset += step.consumed
            switch step.output {
            case .needMoreData: precondition(offset == chunk.count, "needMoreData left bytes unconsumed")
            case .expectContinue: outcome.continues += 1
            case .request(let parsed):
                outcome.requests.append(describe(parsed))
                outcome.keepAlive.append(parsed.keepAlive)
            }
        } while offset < chunk.count
    }
    return outcome
}

/// Drives a connection state machine over the whole input, answering every request at once.
func runConnection(_ data: UnsafeRawBufferPointer) -> FuzzOutcome {
    var machine = HTTPConnectionStateMachine(
        limits: fuzzLimits, timeouts: HTTPConnectionTimeouts(header: 10, body: 10, idle: 10), now: 0)
    var outcome = FuzzOutcome()
    machine.received(data)
    while true {
        switch machine.nextAction(now: 1) {
        case .none:
            return outcome
        case .sendContinue:
            outcome.continues += 1
        case .handle(let parsed):
            outcome.requests.append(describe(parsed))
            outcome.keepAlive.append(parsed.keepAlive)
            if machine.responseQueued(now: 1) { return outcome }
        case .reject(let status, _):
            outcome.error = .malformed(.requestLine)  // only the fact of rejection is compared
            precondition(status.code >= 400)
            return outcome
        case .close:
            return outcome
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let data = UnsafeRawBufferPointer(start: start, count: count)
    let whole = run(data) { _ in Int.max }
    let cut = Int(data[0]) % count + 1
    let split = run(data) { $0 == 0 ? cut : Int.max }
    precondition(split == whole, "two-part split gave a different outcome")
    let connection = runConnection(data)
    let closes = whole.keepAlive.firstIndex(of: false)
    let expected = closes.map { Array(whole.requests[...$0]) } ?? whole.requests
    precondition(connection.requests == expected, "state machine requests differ from the parser's")
    if closes == nil { precondition((connection.error != nil) == (whole.error != nil), "rejection differs") }
    if count <= 4096 {
        let bytewise = run(data) { _ in 1 }
        precondition(bytewise == whole, "byte-at-a-time gave a different outcome")
    }
    return 0
}
