/// An incremental, bounded HTTP/1.1 request parser (RFC 9112).
///
/// Feed it bytes as they arrive, split anywhere. Each call consumes what it can and stops
/// after one event (a complete request, or the 100-continue point), reporting how many bytes
/// it took; call again with the rest. Requests come out one at a time, so pipelined
/// requests in one buffer are produced in order by successive calls.
///
/// Framing is strict (RFC 9112 sections 6.1 and 6.3): ambiguous or malformed framing throws
/// before any body byte is read, and any thrown `HTTPParserError` is final (the parser
/// rethrows it on every later call; the connection must close).
///
///     var parser = HTTPRequestParser(limits: HTTPLimits())
///     let step = try bytes.withUnsafeBytes { try parser.parse($0) }
///     if case .request(let parsed) = step.output { ... }
public struct HTTPRequestParser: Sendable {
    public let limits: HTTPLimits

    enum State: Sendable {
        case head
        case contentBody(remaining: Int)
        case chunkLine
        case chunkData(remaining: Int)
        case chunkDataEnd(sawCR: Bool)
        case trailers
        case failed(HTTPParserError)
    }

    var state: State = .head
    /// Head bytes of a head split over several calls (empty while the head fits one input).
    var headBuffer: [UInt8] = []
    var lineScan = LineScanner()
    var pending: PendingHead? = nil
    var body: [UInt8] = []
    var chunkLine = ChunkLineScanner()
    var trailer = TrailerScanner()

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// True when no byte of the next request has been consumed yet.
    public var isAtMessageStart: Bool {
        if case .head = state { return lineScan.headBytes == 0 }
        return false
    }

    /// True while a request body is being read (its head is complete).
    public var isReadingBody: Bool {
        switch state {
        case .contentBody, .chunkLine, .chunkData, .chunkDataEnd, .trailers: true
        case .head, .failed: false
        }
    }

    /// Consumes bytes from `input` until one request is complete, the 100-continue point is
    /// reached, or the input runs out.
    /// - Returns: how many bytes were consumed and what was produced.
    /// - Throws: `HTTPParserError` when the request must be refused with its status.
    public mutating func parse(_ input: UnsafeRawBufferPointer) throws(HTTPParserError) -> HTTPParserStep {
        var offset = 0
        do throws(HTTPParserError) {
            while true {
                switch state {
                case .failed(let error):
                    throw error
                case .head:
                    guard try parseHead(input, offset: &offset) else {
                        return HTTPParserStep(consumed: offset, output: .needMoreData)
                    }
                    if let expect = try startBody() { return HTTPParserStep(consumed: offset, output: expect) }
                case .contentBody(let remaining):
                    let take = min(remaining, input.count - offset)
                    if take > 0 {
                        body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[offset..<offset + take]))
                        offset += take
                    }
                    if remaining - take > 0 {
                        state = .contentBody(remaining: remaining - take)
                        return HTTPParserStep(consumed: offset, output: .needMoreData)
                    }
                    return HTTPParserStep(consumed: offset, output: .request(finishRequest()))
                case .chunkLine, .chunkData, .chunkDataEnd, .trailers:
                    if try parseChunked(input, offset: &offset) {
                        return HTTPParserStep(consumed: offset, output: .request(finishRequest()))
                    }
                    return HTTPParserStep(consumed: offset, output: .needMoreData)
                }
            }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// Resets to the start of a message and hands out the finished request.
    mutating func finishRequest() -> HTTPParsedRequest {
        let head = pending!
        pending = nil
        state = .head
        lineScan = LineScanner()
        let requestBody = body
        body = []
        return HTTPParsedRequest(
            request: HTTPRequest(method: head.method, target: head.target, headers: head.headers, body: requestBody),
            minorVersion: head.minorVersion, keepAlive: head.keepAlive)
    }

    /// Chooses the body state after a complete head; returns `.expectContinue` when the
    /// client waits for it.
    mutating func startBody() throws(HTTPParserError) -> HTTPParserStep.Output? {
        let head = pending!
        switch head.framing {
        case .chunked:
            state = .chunkLine
            chunkLine = ChunkLineScanner()
        case .length(let length) where length > limits.maxBodyBytes:
            throw .bodyTooLarge
        case .length(let length) where length > 0:
            body.reserveCapacity(length)
            state = .contentBody(remaining: length)
        case .length:
            state = .contentBody(remaining: 0)
            return nil
        }
        return head.expectsContinue ? .expectContinue : nil
    }
}
