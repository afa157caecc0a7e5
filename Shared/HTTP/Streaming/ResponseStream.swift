import Synchronization
import SluiceHTTPCore

/// The writer of a streamed response body. A handler creates one, keeps it (usually hands it
/// to whatever produces the data) and returns `HTTPResponse.streaming(stream, head:)`; the
/// server writes the head, then every `write` in order, from its event loop.
///
///     router.get("/v1/stream") { _, _ in
///         let stream = ResponseStream()
///         broadcaster.add(stream)                  // writes later, from any thread
///         return .streaming(stream, head: HTTPResponse(headers: ["Content-Type": "text/event-stream"]))
///     }
///
/// The body ends when the owner calls `finish()` (after what was written is sent), when the
/// client disconnects, when the server shuts down, or when the client reads so slowly that
/// more than `maxPendingBytes` wait to be sent. Then `write` returns false and the `onClose`
/// callbacks run, once. Thread-safe.
public final class ResponseStream: HTTPBodyStream {
    private struct State {
        var pending: [UInt8] = []
        var finished = false
        var closed = false
        var loop: EventLoop?
        var token: UInt64 = 0
        var onClose: [@Sendable () -> Void] = []
    }

    public let maxPendingBytes: Int
    private let state = Mutex(State())

    public init(maxPendingBytes: Int = 1 << 20) { self.maxPendingBytes = maxPendingBytes }

    /// Queues `bytes` for the client; false when the stream is closed (nothing is queued).
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        var overflow = false
        let wake: (EventLoop, UInt64)? = state.withLock { state in
            guard !state.closed, !state.finished else { return nil }
            if state.pending.count + bytes.count > maxPendingBytes {
                overflow = true
                return nil
            }
            let wasEmpty = state.pending.isEmpty
            state.pending.append(contentsOf: bytes)
            guard wasEmpty, let loop = state.loop else { return nil }
            return (loop, state.token)
        }
        if overflow {
            abandon()
            return false
        }
        if let (loop, token) = wake { loop.streamReady(token) }
        return !isClosed
    }

    /// Ends the body once what was written has been sent.
    public func finish() {
        let wake: (EventLoop, UInt64)? = state.withLock { state in
            guard !state.finished, !state.closed else { return nil }
            state.finished = true
            return state.loop.map { ($0, state.token) }
        }
        if let (loop, token) = wake { loop.streamReady(token) }
    }

    /// True once the connection is gone or the body ended.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Runs `body` once when the stream closes (at once if it already has).
    public func onClose(_ body: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state in
            if state.closed { return true }
            state.onClose.append(body)
            return false
        }
        if runNow { body() }
    }

    // MARK: - The event loop's side

    /// Binds the stream to its connection; bytes written before are sent now.
    func attach(loop: EventLoop, token: UInt64) {
        state.withLock { state in
            state.loop = loop
            state.token = token
        }
    }

    /// The bytes to send, and whether the owner finished.
    func takePending() -> (bytes: [UInt8], finished: Bool) {
        state.withLock { state in
            var bytes: [UInt8] = []
            swap(&bytes, &state.pending)
            return (bytes, state.finished)
        }
    }

    /// The connection closed: no more writes; run the callbacks.
    func connectionClosed() {
        let callbacks: [@Sendable () -> Void] = state.withLock { state in
            guard !state.closed else { return [] }
            state.closed = true
            state.pending = []
            state.loop = nil
            defer { state.onClose = [] }
            return state.onClose
        }
        for callback in callbacks { callback() }
    }

    /// A client too slow to keep up: drop what waits and close the connection.
    private func abandon() {
        let wake: (EventLoop, UInt64)? = state.withLock { state in
            guard !state.closed else { return nil }
            state.pending = []
            state.finished = true
            return state.loop.map { ($0, state.token) }
        }
        if let (loop, token) = wake { loop.streamReady(token) }
    }
}
