/// When and how long to wait before retrying a failed call: exponential backoff with full
/// jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
/// `sleep = random(0, min(cap, base * 2^attempt))`.
///
/// What is retryable:
/// - failures before the request was sent (connect refused, failed or timed out): always;
/// - read timeouts and connections reset or closed after the request was sent: only for
///   idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS, or marked idempotent);
/// - 429 and 503 responses (the peer says it did not do the work): always;
///   502 and 504 (a gateway may have forwarded the request): only for idempotent requests.
///   A `Retry-After` in delta-seconds is honoured when it is within `maxDelay`; a longer
///   one means "not worth waiting": the response is returned as it is. An HTTP-date
///   `Retry-After` falls back to the computed backoff.
/// Malformed or oversized responses are never retried.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts including the first (1 disables retries). Default 3.
    public var maxAttempts: Int
    /// Backoff base in nanoseconds. Default 50 ms.
    public var baseDelayNanoseconds: UInt64
    /// Backoff cap in nanoseconds, also the longest `Retry-After` honoured. Default 2 s.
    public var maxDelayNanoseconds: UInt64

    public init(
        maxAttempts: Int = 3, baseDelayNanoseconds: UInt64 = 50_000_000, maxDelayNanoseconds: UInt64 = 2_000_000_000
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelayNanoseconds = baseDelayNanoseconds
        self.maxDelayNanoseconds = maxDelayNanoseconds
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// What went wrong with one attempt, as far as retrying is concerned.
    public enum Failure: Sendable, Equatable {
        /// The request never left: connect refused, failed or timed out.
        case notSent
        /// The request was (maybe) sent, then the read timed out or the connection broke.
        case sentThenFailed
        /// A complete response with this status and `Retry-After` value, if any.
        case response(status: Int, retryAfter: String?)
        /// Anything that retrying cannot fix (malformed or oversized response, bad request).
        case permanent
    }

    /// The verdict for one failure.
    public enum Decision: Sendable, Equatable {
        case retry(afterNanoseconds: UInt64)
        case doNotRetry
    }

    /// A source of uniform random numbers in `0...upperBound`, injectable for tests.
    public typealias RandomSource = (_ upperBound: UInt64) -> UInt64

    /// The system random source.
    public static let systemRandom: @Sendable (UInt64) -> UInt64 = { UInt64.random(in: 0...$0) }

    /// The upper bound of the backoff before retry number `retry` (0 for the first retry):
    /// `min(cap, base * 2^retry)`, without overflow.
    public func backoffCeiling(retry: Int) -> UInt64 {
        let shift = UInt64(min(max(retry, 0), 63))
        let (scaled, overflow) = baseDelayNanoseconds.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? maxDelayNanoseconds : min(maxDelayNanoseconds, scaled)
    }

    /// Whether a method is idempotent by definition (RFC 9110 section 9.2.2).
    public static func isIdempotent(_ method: HTTPMethod) -> Bool {
        [.get, .head, .put, .delete, .options].contains(method) || method.rawValue == "TRACE"
    }

    /// Statuses worth retrying at all (see the type's documentation for which methods).
    public static func isRetryableStatus(_ status: Int) -> Bool { [429, 502, 503, 504].contains(status) }

    /// Decides whether attempt number `attempt` (1 for the first) may be followed by another.
    /// - Parameters:
    ///   - failure: what happened on that attempt.
    ///   - attempt: the number of attempts made so far, including this one.
    ///   - idempotent: whether the request may be repeated safely.
    ///   - random: returns a uniform value in `0...upperBound`.
    public func decide(
        after failure: Failure, attempt: Int, idempotent: Bool, random: RandomSource
    ) -> Decision {
        guard attempt < maxAttempts else { return .doNotRetry }
        let ceiling = backoffCeiling(retry: attempt - 1)
        switch failure {
        case .notSent:
            return .retry(afterNanoseconds: random(ceiling))
        case .sentThenFailed:
            return idempotent ? .retry(afterNanoseconds: random(ceiling)) : .doNotRetry
        case .permanent:
            return .doNotRetry
        case .response(let status, let retryAfter):
            let retryable = status == 429 || status == 503 || (idempotent && (status == 502 || status == 504))
            guard retryable else { return .doNotRetry }
            guard let retryAfter else { return .retry(afterNanoseconds: random(ceiling)) }
            guard let seconds = Self.parseDeltaSeconds(retryAfter) else { return .retry(afterNanoseconds: random(ceiling)) }
            let (nanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            guard !overflow, nanos <= maxDelayNanoseconds else { return .doNotRetry }
            return .retry(afterNanoseconds: nanos)
        }
    }

    /// `Retry-After: delta-seconds` (RFC 9110 section 10.2.3); nil for an HTTP-date or junk.
    public static func parseDeltaSeconds(_ value: String) -> UInt64? {
        var text = Substring(value)
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        guard !text.isEmpty, text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return UInt64(text)
    }
}
