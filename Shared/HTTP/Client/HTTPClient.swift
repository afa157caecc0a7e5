import SluiceHTTPCore

/// A synchronous, thread-safe HTTP/1.1 client for calls between services (plain http://).
///
/// Each call runs on the calling thread with blocking semantics, bounded by timeouts: the
/// connect timeout, the read timeout (inactivity), and a total deadline covering every
/// attempt and backoff. Keep-alive connections are pooled per peer; a pooled connection the
/// peer had closed is retried once on a fresh one when that is safe. Failed calls are
/// retried per the `RetryPolicy`; a per-peer `CircuitBreaker` makes calls to a dead peer
/// fail fast with `HTTPClientError.circuitOpen`.
///
/// ```swift
/// let client = HTTPClient()
/// let response = try client.execute(HTTPClientRequest(url: "http://cache:8082/v1/annotations"))
/// client.shutdown()
/// ```
/// Host names are resolved with the system resolver, which the timeouts cannot interrupt;
/// services calling each other by address or by a local name are not affected.
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    let pool: ConnectionPool
    private let breakers: PeerBreakers
    private let random: @Sendable (UInt64) -> UInt64

    /// - Parameters:
    ///   - configuration: timeouts, pool, retry and breaker settings.
    ///   - random: uniform random source in `0...upperBound` for backoff jitter (inject a
    ///     fixed one in tests).
    public init(
        configuration: HTTPClientConfiguration = HTTPClientConfiguration(),
        random: @escaping @Sendable (UInt64) -> UInt64 = RetryPolicy.systemRandom
    ) {
        self.configuration = configuration
        self.pool = ConnectionPool(
            maxIdlePerPeer: configuration.maxIdleConnectionsPerPeer,
            lifetimeNanoseconds: configuration.idleConnectionLifetime.clampedNanoseconds)
        self.breakers = PeerBreakers(configuration: configuration.circuitBreaker)
        self.random = random
    }

    /// Closes all idle connections. Calls made afterwards still work (they connect anew).
    public func shutdown() { pool.closeAll() }

    /// The state of the circuit breaker for `peer` (`host:port`), for metrics and health.
    public func circuitState(peer: String) -> CircuitBreaker.State { breakers.state(peer: peer) }

    /// Sends a request and returns the final response, after any retries.
    ///
    /// A response is returned whatever its status; when a retryable status (429, 502, 503,
    /// 504) is still the answer after the last attempt, that response is returned. A retry
    /// whose backoff would end past the deadline is not attempted: the last response or
    /// error is returned instead.
    /// - Throws: `HTTPClientError` for anything that prevented a response.
    public func execute(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPResponse {
        let start = Syscall.monotonicNanoseconds()
        let deadline = start &+ (request.deadline ?? configuration.deadline).clampedNanoseconds
        let call = try PreparedCall(request, configuration: configuration, deadline: deadline)
        var attempt = 0
        while true {
            attempt += 1
            let now = Syscall.monotonicNanoseconds()
            guard now < deadline else { throw .deadlineExceeded }
            if case .reject = breakers.acquire(peer: call.url.peer, now: now) { throw .circuitOpen }

            let failure: RetryPolicy.Failure
            let lastOutcome: Result<HTTPResponse, HTTPClientError>
            switch attemptOnce(call) {
            case .success(let response):
                let failing = [502, 503, 504].contains(response.status.code)
                breakers.record(failing ? .failure : .success, peer: call.url.peer, now: Syscall.monotonicNanoseconds())
                guard RetryPolicy.isRetryableStatus(response.status.code) else { return response }
                failure = .response(status: response.status.code, retryAfter: response.headers["Retry-After"])
                lastOutcome = .success(response)
            case .failure(let error):
                let now = Syscall.monotonicNanoseconds()
                switch error.breakerOutcome {
                case .some(let outcome): breakers.record(outcome, peer: call.url.peer, now: now)
                case .none: breakers.abandon(peer: call.url.peer, now: now)
                }
                failure = error.retryFailure
                lastOutcome = .failure(error.publicError)
            }
            let decision = configuration.retryPolicy.decide(
                after: failure, attempt: attempt, idempotent: call.idempotent, random: random)
            guard case .retry(let delay) = decision, Syscall.monotonicNanoseconds() &+ delay < deadline else {
                return try lastOutcome.get()
            }
            if delay > 0 { Syscall.sleep(nanoseconds: delay) }
        }
    }

    /// One attempt: a pooled or new connection, the request, the response. A pooled
    /// connection found closed by the peer is replaced by a fresh one, once, when safe.
    private func attemptOnce(_ call: PreparedCall) -> Result<HTTPResponse, ClientIOError> {
        if let pooled = pool.checkout(peer: call.url.peer, now: Syscall.monotonicNanoseconds()) {
            let result = exchange(call, on: pooled)
            // The peer closed an idle connection before reading our request (or we cannot
            // tell whether it did): the request did not run if it never fully left, or it
            // is idempotent. Retry once on a fresh connection; it does not count as an attempt.
            guard case .failure(let error) = result, error.looksLikeStaleConnection,
                call.idempotent || error.requestNeverLeft
            else { return result }
        }
        let connection: ClientConnection
        do {
            let addresses: [SocketAddress]
            do {
                addresses = try Syscall.resolve(host: call.url.host, port: call.url.port)
            } catch {
                throw ClientIOError.resolutionFailed
            }
            connection = try ClientConnection.connect(
                to: addresses, peer: call.url.peer, connectTimeout: call.connectTimeout, deadline: call.deadline)
        } catch let error as ClientIOError {
            return .failure(error)
        } catch {
            return .failure(.connectFailed(errno: 0))
        }
        return exchange(call, on: connection)
    }

    /// Writes the request and reads the response on `connection`, then pools or closes it.
    private func exchange(_ call: PreparedCall, on connection: ClientConnection) -> Result<HTTPResponse, ClientIOError> {
        do {
            try connection.writeAll(call.bytes, stallTimeout: call.readTimeout, deadline: call.deadline)
            let (response, reusable) = try connection.readResponse(
                method: call.method, limits: configuration.responseLimits, readTimeout: call.readTimeout,
                deadline: call.deadline)
            if reusable {
                pool.checkin(connection, now: Syscall.monotonicNanoseconds())
            } else {
                connection.close()
            }
            return .success(response)
        } catch {
            connection.close()
            return .failure(error)
        }
    }
}
