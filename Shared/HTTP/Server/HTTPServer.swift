#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import SluiceHTTPCore

/// An HTTP/1.1 server on epoll event loops (see `EventLoop`) and a worker pool.
///
///     var router = Router()
///     router.get("/healthz", execution: .eventLoop) { _, _ in .text("ok") }
///     let server = HTTPServer(configuration: ServerConfiguration(port: 8080), responder: router)
///     try server.start()
///     ShutdownSignals.shutdownOnTermination(server)   // SIGTERM/SIGINT -> shutdown()
///     server.wait()
///
/// Listening: every loop binds its own socket to the same address with SO_REUSEADDR and
/// SO_REUSEPORT, and the kernel spreads connections over them; the first bind picks the
/// port when `port` is 0 and the others reuse it.
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    private let core: ServerCore
    private let state = Mutex(State())
    private let stopped = ConditionLock()
    private let counters = Mutex(Counters())

    struct State {
        var loops: [EventLoop] = []
        var port = 0
        var started = false
        var shutdownRequested = false
    }

    struct Counters {
        var runningLoops = 0
        var openListeners = 0
    }

    public init(configuration: ServerConfiguration, responder: some HTTPResponder) {
        self.configuration = configuration
        self.core = ServerCore(configuration: configuration, responder: responder)
    }

    /// Live counts for metrics: open connections, connections refused over the limit, and
    /// requests refused before routing, by status.
    public var statistics: ServerStatistics {
        ServerStatistics(
            openConnections: core.openConnections.load(ordering: .relaxed),
            rejectedConnections: core.rejectedConnections.load(ordering: .relaxed),
            protocolErrors: core.protocolErrors.snapshot)
    }

    /// The bound port (valid after `start()`; the chosen one when configured with 0).
    public var port: Int { state.withLock { $0.port } }

    /// Binds the listeners and starts the event loops; returns at once.
    /// - Throws: `SystemCallError` when binding fails, `ServerConfigurationError` for a bad
    ///   host or a second call.
    public func start() throws {
        guard !state.withLock({ $0.started }) else {
            throw ServerConfigurationError(description: "server already started")
        }
        guard let address = Syscall.ipv4Address(host: configuration.host, port: configuration.port) else {
            throw ServerConfigurationError(description: "host '\(configuration.host)' is not an IPv4 address")
        }
        var port = configuration.port
        var listeners: [Socket] = []
        do {
            for _ in 0..<max(1, configuration.eventLoopCount) {
                var bindAddress = address
                bindAddress.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
                let socket = try Self.listen(on: bindAddress)
                listeners.append(socket)
                if port == 0 { port = try socket.withDescriptor { try Syscall.localPort($0) } }
            }
        } catch {
            for socket in listeners { try? socket.close() }
            throw error
        }
        let loops = try listeners.enumerated().map { index, socket in
            try EventLoop(index: index, core: core, listener: socket) { [self] in
                stopped.withLock {
                    counters.withLock { $0.openListeners -= 1 }
                    stopped.broadcast()
                }
            }
        }
        stopped.withLock {
            counters.withLock {
                $0.runningLoops = loops.count
                $0.openListeners = loops.count
            }
        }
        state.withLock {
            $0.loops = loops
            $0.port = port
            $0.started = true
        }
        core.workers.start()
        for loop in loops {
            spawnThread(name: "sluice-loop-\(loop.index)") { [self] in
                loop.run()
                stopped.withLock {
                    counters.withLock { $0.runningLoops -= 1 }
                    stopped.broadcast()
                }
            }
        }
    }

    /// Starts the server and blocks until it has shut down.
    public func run() throws {
        try start()
        wait()
    }

    /// Blocks until every event loop has exited: after `shutdown()`, within the shutdown
    /// deadline even if a handler hangs (its worker thread is abandoned).
    public func wait() {
        stopped.withLock {
            while counters.withLock({ $0.runningLoops }) > 0 { _ = stopped.wait() }
        }
    }

    /// Graceful shutdown: stops accepting (new connections are refused once this returns),
    /// closes idle keep-alive connections, answers requests in progress with
    /// `Connection: close`, and closes whatever remains after the shutdown deadline.
    /// Returns once every listener is closed; `wait()` returns when the loops are done.
    /// Calling it from a handler running on an event loop does not wait for listeners.
    public func shutdown() {
        let loops = state.withLock { state -> [EventLoop] in
            guard state.started, !state.shutdownRequested else { return [] }
            state.shutdownRequested = true
            return state.loops
        }
        guard !loops.isEmpty else { return }
        for loop in loops { loop.requestShutdown() }
        core.workers.stop()
        if loops.contains(where: { $0.isCurrentThread }) { return }
        let deadline = Syscall.monotonicNanoseconds() + 5_000_000_000
        stopped.withLock {
            while counters.withLock({ $0.openListeners }) > 0 {
                if !stopped.wait(untilNanoseconds: deadline) { break }
            }
        }
    }

    private static func listen(on address: sockaddr_in) throws -> Socket {
        let socket = Socket(descriptor: try Syscall.tcpSocket())
        do {
            try socket.withDescriptor { descriptor in
                try Syscall.setOption(descriptor, level: SOL_SOCKET, name: SO_REUSEADDR, value: Int32(1))
                try Syscall.setOption(descriptor, level: SOL_SOCKET, name: SO_REUSEPORT, value: Int32(1))
                try Syscall.bind(descriptor, address: address)
                try Syscall.listen(descriptor, backlog: 1024)
            }
        } catch {
            try? socket.close()
            throw error
        }
        return socket
    }
}

/// A configuration value the server cannot use.
public struct ServerConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// A snapshot of an `HTTPServer`'s counters.
public struct ServerStatistics: Sendable, Equatable {
    public var openConnections: Int
    public var rejectedConnections: Int
    /// Refusals before routing, by status code.
    public var protocolErrors: [Int: Int]
}
