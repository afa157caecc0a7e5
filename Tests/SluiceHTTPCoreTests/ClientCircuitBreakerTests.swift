import Testing
@testable import SluiceHTTPCore

@Suite struct ClientCircuitBreakerTests {
    let second: UInt64 = 1_000_000_000

    @Test func opensAfterConsecutiveFailuresAndFailsFast() {
        var breaker = CircuitBreaker(
            configuration: .init(consecutiveFailures: 3, failureRatio: nil, openDurationNanoseconds: 10 * second))
        for t in 0..<2 {
            #expect(breaker.acquire(now: UInt64(t)) == .allow)
            breaker.record(.failure, now: UInt64(t))
        }
        #expect(breaker.acquire(now: 2) == .allow)
        breaker.record(.success, now: 2)  // resets the streak
        for t in 3..<6 {
            #expect(breaker.acquire(now: UInt64(t)) == .allow)
            breaker.record(.failure, now: UInt64(t))
        }
        #expect(breaker.state == .open(until: 5 + 10 * second))
        #expect(breaker.acquire(now: 6) == .reject(retryAfterNanoseconds: 10 * second - 1))
    }

    @Test func halfOpenLetsOneProbeThroughAndSuccessCloses() {
        var breaker = CircuitBreaker(configuration: .init(consecutiveFailures: 1, openDurationNanoseconds: second))
        _ = breaker.acquire(now: 0)
        breaker.record(.failure, now: 0)
        #expect(breaker.acquire(now: second - 1) == .reject(retryAfterNanoseconds: 1))
        #expect(breaker.acquire(now: second) == .probe)
        #expect(breaker.acquire(now: second + 1) == .reject(retryAfterNanoseconds: second - 1), "one probe only")
        breaker.record(.success, now: second + 2)
        #expect(breaker.state == .closed)
        #expect(breaker.acquire(now: second + 3) == .allow)
    }

    @Test func probeFailureReopens() {
        var breaker = CircuitBreaker(configuration: .init(consecutiveFailures: 1, openDurationNanoseconds: second))
        _ = breaker.acquire(now: 0)
        breaker.record(.failure, now: 0)
        #expect(breaker.acquire(now: 2 * second) == .probe)
        breaker.record(.failure, now: 2 * second)
        #expect(breaker.state == .open(until: 3 * second))
        #expect(breaker.acquire(now: 2 * second + 5) == .reject(retryAfterNanoseconds: second - 5))
    }

    @Test func abandonedOrLostProbesFreeTheSlot() {
        var breaker = CircuitBreaker(configuration: .init(consecutiveFailures: 1, openDurationNanoseconds: second))
        _ = breaker.acquire(now: 0)
        breaker.record(.failure, now: 0)
        #expect(breaker.acquire(now: second) == .probe)
        breaker.abandon(now: second)
        #expect(breaker.acquire(now: second + 1) == .probe, "abandoned probe slot is free")
        // The outcome never comes back: after another cool-down a new probe is allowed.
        #expect(breaker.acquire(now: second + 2) != .probe)
        #expect(breaker.acquire(now: 2 * second + 1) == .probe)
    }

    @Test func opensOnFailureRatioOverAFullWindow() {
        var breaker = CircuitBreaker(
            configuration: .init(consecutiveFailures: 0, failureRatio: 0.5, windowSize: 10, openDurationNanoseconds: second))
        // Alternate success and failure: never 2 in a row, but half of the window fails.
        for t in 0..<9 {
            #expect(breaker.acquire(now: UInt64(t)) == .allow)
            breaker.record(t % 2 == 0 ? .failure : .success, now: UInt64(t))
        }
        #expect(breaker.state == .closed, "window not full yet")
        _ = breaker.acquire(now: 9)
        breaker.record(.success, now: 9)
        #expect(breaker.state == .closed, "5 of 10 failures, the last a success: ratio checked on failures")
        _ = breaker.acquire(now: 10)
        breaker.record(.failure, now: 10)
        #expect(breaker.state == .open(until: 10 + second))
    }

    @Test func lowFailureRatioStaysClosed() {
        var breaker = CircuitBreaker(
            configuration: .init(consecutiveFailures: 0, failureRatio: 0.5, windowSize: 10, openDurationNanoseconds: second))
        for t in 0..<100 {
            _ = breaker.acquire(now: UInt64(t))
            breaker.record(t % 3 == 0 ? .failure : .success, now: UInt64(t))
        }
        #expect(breaker.state == .closed)
    }
}
