#if canImport(Glibc)
import Glibc
#endif
import SluiceHTTPCore

/// How an `HTTPServer` listens and what it tolerates. Every field has a documented default.
public struct ServerConfiguration: Sendable {
    /// IPv4 address to bind ("0.0.0.0" for all, "127.0.0.1", "localhost"). Default "0.0.0.0".
    public var host: String
    /// TCP port; 0 picks a free one (read it back from `HTTPServer.port`). Default 8080.
    public var port: Int
    /// Event loop threads, each with its own epoll and its own SO_REUSEPORT listener.
    /// Default: the number of online CPUs.
    public var eventLoopCount: Int
    /// Threads running `.worker` handlers (which may block). Default 32.
    public var workerThreadCount: Int
    /// Requests waiting for a worker beyond which new ones get 503. Default 10000.
    public var workerQueueLimit: Int
    /// Request size limits (head 16 KiB, body 1 MiB, 100 header fields by default).
    public var limits: HTTPLimits
    /// First byte to end of a request head; over it 408 and close. Default 10 s.
    public var headerTimeout: Duration
    /// End of head to end of body; over it 408 and close. Default 30 s.
    public var bodyTimeout: Duration
    /// Keep-alive connection with no request (or new connection that sends nothing);
    /// over it the connection is closed silently. Default 60 s.
    public var idleTimeout: Duration
    /// Open connections beyond which new ones get a 503 problem and are closed. Default 10000.
    public var maxConnections: Int
    /// How long `shutdown()` lets in-flight requests finish before closing everything. Default 10 s.
    public var shutdownDeadline: Duration

    public init(
        host: String = "0.0.0.0", port: Int = 8080, eventLoopCount: Int? = nil, workerThreadCount: Int = 32,
        workerQueueLimit: Int = 10000, limits: HTTPLimits = HTTPLimits(), headerTimeout: Duration = .seconds(10),
        bodyTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60), maxConnections: Int = 10000,
        shutdownDeadline: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.eventLoopCount = eventLoopCount ?? max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        self.workerThreadCount = workerThreadCount
        self.workerQueueLimit = workerQueueLimit
        self.limits = limits
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.shutdownDeadline = shutdownDeadline
    }

    var connectionTimeouts: HTTPConnectionTimeouts {
        HTTPConnectionTimeouts(
            header: headerTimeout.nanoseconds, body: bodyTimeout.nanoseconds, idle: idleTimeout.nanoseconds)
    }
}

extension Duration {
    /// Whole nanoseconds (negative durations count as zero).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
