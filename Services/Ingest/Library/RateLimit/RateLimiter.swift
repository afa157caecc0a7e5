import Synchronization
import SluiceHTTP
import SluiceHTTPCore
import SluiceObservability

/// One token bucket per API key id, in this process (each replica limits on its own).
/// Off when `ratePerSecond` is 0 (the default).
public final class RateLimiter: Sendable {
    let ratePerSecond: Double
    let burst: Double
    let clock = ContinuousClock()
    let start: ContinuousClock.Instant
    private let buckets = Mutex<[String: TokenBucket]>([:])

    /// Counts refusals (`ingest_rate_limited_total`) when set.
    let refusals: Counter?

    public init(ratePerSecond: Double, burst: Int, refusals: Counter? = nil) {
        self.refusals = refusals
        self.ratePerSecond = ratePerSecond
        self.burst = Double(max(1, burst))
        start = clock.now
    }

    public var isEnabled: Bool { ratePerSecond > 0 }

    /// Throws 429 with Retry-After (whole seconds, at least 1) when `keyID` is over its rate.
    public func check(keyID: String) throws {
        guard isEnabled else { return }
        let elapsed = start.duration(to: clock.now)
        let now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let wait = buckets.withLock { buckets in
            var bucket = buckets[keyID] ?? TokenBucket(capacity: burst, ratePerSecond: ratePerSecond, now: now)
            let wait = bucket.take(now: now)
            buckets[keyID] = bucket
            return wait
        }
        if let wait {
            refusals?.increment()
            throw HTTPError(
                .tooManyRequests, detail: "the API key is over its rate of \(ratePerSecond) requests per second",
                type: IngestProblemType.rateLimited, headers: ["Retry-After": String(max(1, Int(wait.rounded(.up))))])
        }
    }
}
