import SluiceHTTPCore

/// One client TCP connection to a peer, used by one thread at a time: the pool hands it
/// over under its lock, so it is `@unchecked Sendable` by that protocol, not by locking.
/// Every blocking step waits with `poll` until a limit on the monotonic clock.
final class ClientConnection: @unchecked Sendable {
    private let socket: Socket
    /// `host:port` of the peer.
    let peer: String
    /// When the connection was last returned to the pool (monotonic nanoseconds).
    var idleSince: UInt64 = 0
    /// Set once the connection carried a request (a reused connection may be stale).
    private(set) var requestCount = 0

    private init(socket: Socket, peer: String) {
        self.socket = socket
        self.peer = peer
    }

    /// Connects to the first address that accepts, within `connectTimeout` overall and
    /// never past `deadline` (both monotonic nanoseconds).
    static func connect(
        to addresses: [SocketAddress], peer: String, connectTimeout: UInt64, deadline: UInt64
    ) throws(ClientIOError) -> ClientConnection {
        let limit = min(Syscall.monotonicNanoseconds() &+ connectTimeout, deadline)
        let timeoutError: ClientIOError = limit == deadline ? .deadlineExceeded : .connectTimeout
        var lastError = ClientIOError.resolutionFailed
        for address in addresses {
            let socket: Socket
            do {
                socket = Socket(descriptor: try Syscall.streamSocket(family: address.family))
            } catch {
                lastError = .connectFailed(errno: (error as? SystemCallError)?.errno ?? 0)
                continue
            }
            let connection = ClientConnection(socket: socket, peer: peer)
            do {
                try connection.finishConnect(to: address, until: limit, timeoutError: timeoutError)
                return connection
            } catch {
                connection.close()
                lastError = error
                if case .connectTimeout = error { break }
                if case .deadlineExceeded = error { break }
            }
        }
        throw lastError
    }

    private func finishConnect(
        to address: SocketAddress, until limit: UInt64, timeoutError: ClientIOError
    ) throws(ClientIOError) {
        do {
            try socket.withDescriptor { descriptor in
                if try Syscall.connect(descriptor, to: address) == .inProgress {
                    guard try wait(descriptor, for: .writable, until: limit) else { throw timeoutError }
                    let code = try Syscall.pendingError(descriptor)
                    if code != 0 { throw SystemCallError(function: "connect", errno: code) }
                }
                try Syscall.setNoDelay(descriptor)
            }
        } catch let error as ClientIOError {
            throw error
        } catch let error as SystemCallError {
            throw error.isConnectionRefused ? .connectRefused : .connectFailed(errno: error.errno)
        } catch {
            throw .connectFailed(errno: 0)
        }
    }

    /// Polls until ready for `events` (true) or `limit` passes (false). Error and hang-up
    /// conditions count as ready: the following call reports them.
    private func wait(_ descriptor: Int32, for interest: PollInterest, until limit: UInt64) throws -> Bool {
        while true {
            let now = Syscall.monotonicNanoseconds()
            guard now < limit else { return false }
            let milliseconds = Int32(min((limit - now + 999_999) / 1_000_000, UInt64(Int32.max)))
            if try Syscall.poll(descriptor, for: interest, timeoutMilliseconds: milliseconds) { return true }
        }
    }

    /// Writes all of `bytes`, waiting at most `stallTimeout` for the socket to accept more
    /// and never past `deadline`.
    func writeAll(_ bytes: [UInt8], stallTimeout: UInt64, deadline: UInt64) throws(ClientIOError) {
        requestCount += 1
        var offset = 0
        do {
            try socket.withDescriptor { descriptor in
                while offset < bytes.count {
                    let result = try bytes.withUnsafeBytes { raw in
                        try Syscall.send(descriptor, from: UnsafeRawBufferPointer(rebasing: raw[offset...]))
                    }
                    switch result {
                    case .processed(let count): offset += count
                    case .wouldBlock:
                        let limit = min(Syscall.monotonicNanoseconds() &+ stallTimeout, deadline)
                        guard try wait(descriptor, for: .writable, until: limit) else {
                            throw limit == deadline ? ClientIOError.deadlineExceeded : .writeTimeout
                        }
                    }
                }
            }
        } catch let error as ClientIOError {
            throw error
        } catch {
            throw .writeFailed
        }
    }

    /// Reads one response. The read timeout bounds each wait for more bytes (inactivity);
    /// `deadline` bounds the whole read.
    /// - Returns: the response, and whether the connection may be reused.
    func readResponse(
        method: HTTPMethod, limits: HTTPResponseParser.Limits, readTimeout: UInt64, deadline: UInt64
    ) throws(ClientIOError) -> (response: HTTPResponse, reusable: Bool) {
        var parser = HTTPResponseParser(requestMethod: method, limits: limits)
        var receivedAny = false
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        do {
            return try socket.withDescriptor { descriptor in
                while true {
                    let limit = min(Syscall.monotonicNanoseconds() &+ readTimeout, deadline)
                    guard try wait(descriptor, for: .readable, until: limit) else {
                        throw limit == deadline ? ClientIOError.deadlineExceeded : .readTimeout
                    }
                    let result: IOResult<Int>
                    do {
                        result = try chunk.withUnsafeMutableBytes { try Syscall.read(descriptor, into: $0) }
                    } catch {
                        throw ClientIOError.closed(afterResponseBytes: receivedAny)
                    }
                    switch result {
                    case .wouldBlock:
                        continue
                    case .processed(0):
                        switch Result(catching: { () throws(HTTPResponseParseError) in try parser.finish() }) {
                        case .success(let message): return (message.response, false)
                        case .failure(.closedBeforeResponse): throw ClientIOError.closed(afterResponseBytes: false)
                        case .failure(.truncatedResponse): throw ClientIOError.closed(afterResponseBytes: true)
                        case .failure(let error): throw ClientIOError.parse(error)
                        }
                    case .processed(let count):
                        receivedAny = true
                        let fed = Result { () throws(HTTPResponseParseError) in try parser.feed(chunk[..<count]) }
                        switch fed {
                        case .success(let message?):
                            return (message.response, message.keepAlive && parser.unconsumedByteCount == 0)
                        case .success(nil): continue
                        case .failure(let error): throw ClientIOError.parse(error)
                        }
                    }
                }
            }
        } catch let error as ClientIOError {
            throw error
        } catch {
            throw .closed(afterResponseBytes: receivedAny)
        }
    }

    /// True if an idle connection still looks usable: nothing to read (no EOF, no stray
    /// bytes) and no error. Catches most peers that closed an idle connection.
    func looksAlive() -> Bool {
        (try? socket.withDescriptor { descriptor in
            try !Syscall.poll(descriptor, for: .readable, timeoutMilliseconds: 0)
        }) ?? false
    }

    /// Closes the socket; errors on close are ignored (the descriptor is gone either way).
    func close() {
        try? socket.close()
    }
}
