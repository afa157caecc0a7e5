/// A token bucket: holds at most `capacity` tokens, refills `ratePerSecond` per second, and
/// each request takes one. Pure: the caller passes the time.
public struct TokenBucket: Sendable, Hashable {
    public let capacity: Double
    public let ratePerSecond: Double
    public private(set) var tokens: Double
    public private(set) var updatedAt: Double

    /// A full bucket at time `now` (seconds on any monotonic clock).
    public init(capacity: Double, ratePerSecond: Double, now: Double) {
        precondition(capacity >= 1 && ratePerSecond > 0)
        self.capacity = capacity
        self.ratePerSecond = ratePerSecond
        tokens = capacity
        updatedAt = now
    }

    /// Takes one token: nil when allowed, else the seconds until one is available.
    public mutating func take(now: Double) -> Double? {
        if now > updatedAt {
            tokens = min(capacity, tokens + (now - updatedAt) * ratePerSecond)
            updatedAt = now
        }
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return (1 - tokens) / ratePerSecond
    }
}
