/// Exponential backoff with full jitter for handler retries: the delay before retry `n`
/// (1-based) is uniform in `[0, min(maximum, base * 2^(n-1))]`.
///
/// Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter") spreads replicas that
/// failed together. SluiceHTTPCore's `RetryPolicy` is about HTTP statuses and deadlines; this
/// one is the handful of lines a consumer needs.
public struct Backoff: Sendable, Hashable {
    /// The cap of the first retry's delay.
    public var base: Duration
    /// The largest delay.
    public var maximum: Duration

    public init(base: Duration = .milliseconds(100), maximum: Duration = .seconds(30)) {
        precondition(base > .zero && maximum >= base, "backoff needs 0 < base <= maximum")
        self.base = base
        self.maximum = maximum
    }

    /// The upper bound of the delay before retry `attempt` (1-based).
    public func ceiling(forRetry attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 40)
        let baseNanos = Self.nanoseconds(base)
        let maxNanos = Self.nanoseconds(maximum)
        let (scaled, overflow) = baseNanos.multipliedReportingOverflow(by: Int64(1) << exponent)
        return .nanoseconds(overflow ? maxNanos : min(scaled, maxNanos))
    }

    /// The delay before retry `attempt`, drawn with `generator`.
    public func delay(forRetry attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = Self.nanoseconds(ceiling(forRetry: attempt))
        return .nanoseconds(Int64.random(in: 0...ceiling, using: &generator))
    }

    /// The delay before retry `attempt`, drawn from the system generator.
    public func delay(forRetry attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(forRetry: attempt, using: &generator)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
