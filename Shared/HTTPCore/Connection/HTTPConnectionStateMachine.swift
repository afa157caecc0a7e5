/// The life of one HTTP/1.1 server connection, without sockets or clocks: the driver feeds
/// it bytes, time (monotonic nanoseconds) and handler completions; it answers with actions.
///
/// States: idle (keep-alive, between requests) -> reading head -> reading body -> handling
/// (one request at a time; pipelined bytes wait in the inbound buffer, so responses leave
/// strictly in request order) -> back to idle, or closing. Header, body and idle deadlines
/// are tracked here; `nextDeadline` tells the driver when to call `timerFired(now:)`.
///
/// Driver loop: `received(_:)` bytes, then call `nextAction(now:)` until it returns `.none`
/// (several `.handle` in a row are pipelined requests whose responses can be batched, as
/// long as each is answered with `responseQueued(now:)` before asking again).
public struct HTTPConnectionStateMachine: Sendable {
    /// What the driver must do next.
    public enum Action: Sendable {
        /// Nothing now: wait for bytes, a handler, or a deadline.
        case none
        /// Write `HTTP/1.1 100 Continue` now; the body will follow.
        case sendContinue
        /// Run the handler, queue its response, then call `responseQueued(now:)`.
        case handle(HTTPParsedRequest)
        /// Write an error response with this status and `Connection: close`, then close.
        case reject(HTTPStatus, reason: String)
        /// Close without writing anything more (pending writes may be flushed first).
        case close
    }

    enum State: Sendable, Equatable {
        case idle(deadline: UInt64)
        case readingHead(deadline: UInt64)
        case readingBody(deadline: UInt64)
        case handling
        case closing
    }

    public let timeouts: HTTPConnectionTimeouts
    var state: State
    var parser: HTTPRequestParser
    var inbound: [UInt8] = []
    var readIndex = 0
    var closeAfterResponse = false
    var inputClosed = false
    var shuttingDown = false

    /// A new connection, accepted at `now`: it has `timeouts.idle` to start a request.
    public init(limits: HTTPLimits, timeouts: HTTPConnectionTimeouts, now: UInt64) {
        self.timeouts = timeouts
        self.parser = HTTPRequestParser(limits: limits)
        self.state = .idle(deadline: now &+ timeouts.idle)
    }

    /// Bytes not yet parsed (pipelined requests waiting behind the one being handled).
    public var bufferedByteCount: Int { inbound.count - readIndex }

    /// True while a handler runs for this connection.
    public var isHandling: Bool { state == .handling }

    /// True once the connection is closing (nothing more is read or dispatched).
    public var isClosing: Bool { state == .closing }

    /// Whether the response being produced must carry `Connection: close`: the client asked
    /// for it, the server is shutting down, or the client stopped sending and no pipelined
    /// bytes wait behind this request (those are still answered first).
    public var responseMustClose: Bool {
        closeAfterResponse || shuttingDown || (inputClosed && readIndex == inbound.count)
    }

    /// When `timerFired(now:)` must be called next, if ever.
    public var nextDeadline: UInt64? {
        switch state {
        case .idle(let deadline), .readingHead(let deadline), .readingBody(let deadline): deadline
        case .handling, .closing: nil
        }
    }

    /// Buffers bytes read from the socket; call `nextAction(now:)` after.
    public mutating func received(_ bytes: UnsafeRawBufferPointer) {
        guard state != .closing else { return }
        if readIndex == inbound.count {
            inbound.removeAll(keepingCapacity: true)
            readIndex = 0
        }
        inbound.append(contentsOf: bytes)
    }

    /// Parses buffered bytes and says what to do. Returns `.none` while a request is being
    /// handled: pipelined requests are only parsed once the current one is answered.
    public mutating func nextAction(now: UInt64) -> Action {
        switch state {
        case .handling, .closing: return .none
        case .idle, .readingHead, .readingBody: break
        }
        if readIndex == inbound.count {
            return inputClosed ? enterClosing(.close) : .none
        }
        let result = inbound.withUnsafeBytes { raw in
            Result { () throws(HTTPParserError) -> HTTPParserStep in
                try parser.parse(UnsafeRawBufferPointer(rebasing: raw[readIndex...]))
            }
        }
        switch result {
        case .failure(let error):
            return enterClosing(.reject(error.status, reason: error.description))
        case .success(let step):
            readIndex += step.consumed
            if readIndex == inbound.count {
                inbound.removeAll(keepingCapacity: inbound.capacity <= 65536)
                readIndex = 0
            }
            switch step.output {
            case .needMoreData:
                if case .idle = state, !parser.isAtMessageStart {
                    state = .readingHead(deadline: now &+ timeouts.header)
                }
                if case .readingHead = state, parser.isReadingBody {
                    state = .readingBody(deadline: now &+ timeouts.body)
                }
                return inputClosed ? enterClosing(.close) : .none
            case .expectContinue:
                state = .readingBody(deadline: now &+ timeouts.body)
                return .sendContinue
            case .request(let parsed):
                state = .handling
                closeAfterResponse = !parsed.keepAlive
                return .handle(parsed)
            }
        }
    }

    /// The response to the handled request was queued for writing. Returns true when the
    /// connection must close once it is flushed; otherwise call `nextAction(now:)` again to
    /// serve pipelined requests.
    public mutating func responseQueued(now: UInt64) -> Bool {
        precondition(state == .handling, "responseQueued without a request being handled")
        if responseMustClose {
            state = .closing
            return true
        }
        state = .idle(deadline: now &+ timeouts.idle)
        return false
    }

    /// A deadline may have passed.
    public mutating func timerFired(now: UInt64) -> Action {
        switch state {
        case .idle(let deadline) where now >= deadline:
            return enterClosing(.close)
        case .readingHead(let deadline) where now >= deadline,
            .readingBody(let deadline) where now >= deadline:
            return enterClosing(.reject(.requestTimeout, reason: "request not received in time"))
        default:
            return .none
        }
    }

    /// The peer closed its sending side (read returned 0). A request being handled is still
    /// answered (with `Connection: close`); otherwise the connection closes.
    public mutating func peerClosedInput() -> Action {
        inputClosed = true
        switch state {
        case .handling, .closing: return .none
        case .idle, .readingHead, .readingBody:
            return readIndex == inbound.count ? enterClosing(.close) : .none
        }
    }

    /// The server is shutting down: an idle connection closes now; a request in progress is
    /// finished and answered with `Connection: close`.
    public mutating func shutdownRequested() -> Action {
        shuttingDown = true
        if case .idle = state, readIndex == inbound.count { return enterClosing(.close) }
        return .none
    }

    /// The driver closed the connection for its own reasons (write error).
    public mutating func closed() {
        state = .closing
    }

    private mutating func enterClosing(_ action: Action) -> Action {
        state = .closing
        inbound = []
        readIndex = 0
        return action
    }
}
