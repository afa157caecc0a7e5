import SluiceHTTPCore

/// One accepted connection, owned by one event loop and touched only on its thread.
final class HTTPConnection {
    let socket: Socket
    let token: UInt64
    let remoteAddress: String
    /// Counted against `maxConnections` (false for connections refused with 503).
    let counted: Bool
    var machine: HTTPConnectionStateMachine
    /// Response bytes not yet written; pipelined responses accumulate here and leave together.
    var output: [UInt8] = []
    var outputIndex = 0
    /// Close once `output` is flushed.
    var closeAfterFlush = false
    /// Our side is shut down; input is read and discarded until EOF or `lingerDeadline`, so
    /// that the client reads our last response instead of a reset.
    var lingering = false
    var lingerDeadline: UInt64? = nil
    /// The deadline currently in the timer heap for this connection.
    var scheduledDeadline: UInt64? = nil
    /// Reading stopped because pipelined input piled up behind a running handler.
    var readPaused = false
    /// The request being handled is HEAD (its response carries no body).
    var handlingHead = false
    /// The request being handled is HTTP/1.0 (keep-alive must be announced).
    var handlingHTTP10 = false
    var isClosed = false
    /// The body stream of a streamed response (see `EventLoop+Streaming`).
    var stream: ResponseStream? = nil

    init(socket: Socket, token: UInt64, remoteAddress: String, counted: Bool, machine: HTTPConnectionStateMachine) {
        self.socket = socket
        self.token = token
        self.remoteAddress = remoteAddress
        self.counted = counted
        self.machine = machine
    }

    var hasPendingOutput: Bool { outputIndex < output.count }
}
