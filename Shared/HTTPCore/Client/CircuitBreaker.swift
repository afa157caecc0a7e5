/// A circuit breaker as a pure state machine. Time is a monotonic clock value in
/// nanoseconds passed into every call, so tests drive it with a fake clock.
///
///     closed --(N consecutive failures, or failure ratio over the window)--> open
///     open --(cool-down elapsed, next call)--> half-open (that call is the probe)
///     half-open: other calls fail fast; probe success --> closed, failure --> open
///
/// Usage: ask `acquire(now:)` before a call; if it says `.reject`, fail fast. Otherwise
/// report the outcome with `record(_:now:)`, or `abandon(now:)` if the call never reached
/// the peer (so a half-open probe slot is not lost).
public struct CircuitBreaker: Sendable {
    /// Thresholds and timing. Defaults: open after 5 consecutive failures, or when at least
    /// half of the last 20 calls failed (once 20 calls were seen); cool down for 5 s.
    public struct Configuration: Sendable, Equatable {
        /// Consecutive failures that open the circuit (0 disables this rule).
        public var consecutiveFailures: Int
        /// Failure ratio (0...1) over the last `windowSize` outcomes that opens the circuit
        /// (nil disables this rule).
        public var failureRatio: Double?
        /// Outcomes remembered for the ratio; the ratio rule applies only when it is full.
        public var windowSize: Int
        /// How long the circuit stays open before one probe is let through, in nanoseconds.
        public var openDurationNanoseconds: UInt64

        public init(
            consecutiveFailures: Int = 5, failureRatio: Double? = 0.5, windowSize: Int = 20,
            openDurationNanoseconds: UInt64 = 5_000_000_000
        ) {
            self.consecutiveFailures = consecutiveFailures
            self.failureRatio = failureRatio
            self.windowSize = max(1, windowSize)
            self.openDurationNanoseconds = openDurationNanoseconds
        }
    }

    /// Where the breaker is.
    public enum State: Sendable, Equatable {
        case closed
        /// Failing fast until the given clock value.
        case open(until: UInt64)
        /// One probe is (or may be) in flight since the given clock value.
        case halfOpen(probeStartedAt: UInt64?)
    }

    /// The answer to "may I call the peer now?".
    public enum Permission: Sendable, Equatable {
        /// Go ahead.
        case allow
        /// Go ahead: this call is the probe that decides whether the circuit closes.
        case probe
        /// Fail fast; the circuit may let a probe through after `retryAfterNanoseconds`.
        case reject(retryAfterNanoseconds: UInt64)
    }

    /// The outcome of a call that reached the peer.
    public enum Outcome: Sendable, Equatable {
        case success
        case failure
    }

    public let configuration: Configuration
    public private(set) var state: State = .closed
    private var consecutiveFailureCount = 0
    /// Ring of the last outcomes, true for failure.
    private var window: [Bool] = []
    private var windowNext = 0

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Asks whether a call may go out now. Moves open to half-open once the cool-down is over.
    public mutating func acquire(now: UInt64) -> Permission {
        switch state {
        case .closed:
            return .allow
        case .open(let until):
            guard now >= until else { return .reject(retryAfterNanoseconds: until - now) }
            state = .halfOpen(probeStartedAt: now)
            return .probe
        case .halfOpen(let started):
            // A probe whose outcome never came back (lost) is replaced after a cool-down.
            if let started, now < started &+ configuration.openDurationNanoseconds {
                return .reject(retryAfterNanoseconds: started &+ configuration.openDurationNanoseconds - now)
            }
            state = .halfOpen(probeStartedAt: now)
            return .probe
        }
    }

    /// Records the outcome of a permitted call.
    public mutating func record(_ outcome: Outcome, now: UInt64) {
        switch state {
        case .halfOpen:
            if outcome == .success {
                reset()
            } else {
                trip(now: now)
            }
        case .open:
            // A call admitted before the circuit opened finished late: it changes nothing.
            break
        case .closed:
            remember(failed: outcome == .failure)
            if outcome == .success {
                consecutiveFailureCount = 0
                return
            }
            consecutiveFailureCount += 1
            if configuration.consecutiveFailures > 0 && consecutiveFailureCount >= configuration.consecutiveFailures {
                trip(now: now)
            } else if let ratio = configuration.failureRatio, window.count == configuration.windowSize,
                Double(window.filter { $0 }.count) >= ratio * Double(window.count)
            {
                trip(now: now)
            }
        }
    }

    /// Gives back a permission whose call never reached the peer (say, the caller's
    /// deadline ran out first). A half-open probe slot becomes free again.
    public mutating func abandon(now: UInt64) {
        if case .halfOpen = state { state = .halfOpen(probeStartedAt: nil) }
    }

    private mutating func remember(failed: Bool) {
        if window.count < configuration.windowSize {
            window.append(failed)
        } else {
            window[windowNext] = failed
        }
        windowNext = (windowNext + 1) % configuration.windowSize
    }

    private mutating func trip(now: UInt64) {
        state = .open(until: now &+ configuration.openDurationNanoseconds)
        consecutiveFailureCount = 0
        window.removeAll(keepingCapacity: true)
        windowNext = 0
    }

    private mutating func reset() {
        state = .closed
        consecutiveFailureCount = 0
        window.removeAll(keepingCapacity: true)
        windowNext = 0
    }
}
