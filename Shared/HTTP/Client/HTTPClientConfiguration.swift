import SluiceHTTPCore

/// Settings of an `HTTPClient`, with defaults suited to calls between services in one
/// deployment.
public struct HTTPClientConfiguration: Sendable {
    /// Longest wait for a TCP connection to be established. Default 1 s.
    public var connectTimeout: Duration = .seconds(1)
    /// Longest wait for the next bytes of a response (inactivity, not the whole response),
    /// and for the peer to accept more request bytes. Default 5 s.
    public var readTimeout: Duration = .seconds(5)
    /// The total budget of one `execute` call: every attempt, backoff sleep and stale
    /// connection retry together. Default 10 s.
    public var deadline: Duration = .seconds(10)
    /// Idle keep-alive connections kept per peer (`host:port`); more are closed. Default 8.
    public var maxIdleConnectionsPerPeer: Int = 8
    /// An idle connection older than this is closed instead of reused. Keep it below the
    /// peer's own idle timeout to avoid most stale connections. Default 30 s.
    public var idleConnectionLifetime: Duration = .seconds(30)
    /// Attempts and backoff. Default: 3 attempts, 50 ms base, 2 s cap.
    public var retryPolicy: RetryPolicy = RetryPolicy()
    /// Per-peer circuit breaker. Default: open after 5 consecutive failures or half of the
    /// last 20 calls failing, probe again after 5 s.
    public var circuitBreaker: CircuitBreaker.Configuration = CircuitBreaker.Configuration()
    /// Bounds on response headers and body. Default 16 KiB of headers, 8 MiB of body.
    public var responseLimits: HTTPResponseParser.Limits = HTTPResponseParser.Limits()

    public init() {}

    /// One attempt, bounded as a whole by `deadline` (connect, read and total): for calls
    /// that must never hold up the caller, such as a dashboard's status probes.
    public static func singleAttempt(within deadline: Duration) -> HTTPClientConfiguration {
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = deadline
        configuration.readTimeout = deadline
        configuration.deadline = deadline
        configuration.retryPolicy = .none
        return configuration
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to 0 and `UInt64.max`.
    var clampedNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let (total, overflow2) = whole.addingReportingOverflow(UInt64(max(0, attoseconds) / 1_000_000_000))
        return overflow2 ? .max : total
    }
}
