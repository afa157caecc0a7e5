import Testing
@testable import SluiceHTTPCore

@Suite struct ClientRetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 5, baseDelayNanoseconds: 100, maxDelayNanoseconds: 1_000)
    /// Always picks the top of the range, so the result shows the ceiling.
    let top: RetryPolicy.RandomSource = { $0 }

    @Test func backoffGrowsExponentiallyUpToTheCap() {
        #expect((0..<6).map { policy.backoffCeiling(retry: $0) } == [100, 200, 400, 800, 1_000, 1_000])
        #expect(policy.backoffCeiling(retry: 200) == 1_000)
        #expect(policy.decide(after: .notSent, attempt: 1, idempotent: false, random: top) == .retry(afterNanoseconds: 100))
        #expect(policy.decide(after: .notSent, attempt: 3, idempotent: false, random: top) == .retry(afterNanoseconds: 400))
    }

    @Test func jitterIsDrawnFromZeroToTheCeiling() {
        var asked: [UInt64] = []
        let decision = policy.decide(after: .notSent, attempt: 2, idempotent: true) { upper in
            asked.append(upper)
            return 7
        }
        #expect(decision == .retry(afterNanoseconds: 7))
        #expect(asked == [200])
        for _ in 0..<100 {
            guard case .retry(let delay) = policy.decide(
                after: .notSent, attempt: 4, idempotent: true, random: RetryPolicy.systemRandom)
            else { Issue.record("expected a retry"); return }
            #expect(delay <= 800)
        }
    }

    @Test func attemptsAreBounded() {
        #expect(policy.decide(after: .notSent, attempt: 5, idempotent: true, random: top) == .doNotRetry)
        #expect(RetryPolicy.none.decide(after: .notSent, attempt: 1, idempotent: true, random: top) == .doNotRetry)
    }

    @Test func failuresAfterSendingAreRetriedOnlyWhenIdempotent() {
        #expect(policy.decide(after: .sentThenFailed, attempt: 1, idempotent: true, random: top) != .doNotRetry)
        #expect(policy.decide(after: .sentThenFailed, attempt: 1, idempotent: false, random: top) == .doNotRetry)
        #expect(policy.decide(after: .permanent, attempt: 1, idempotent: true, random: top) == .doNotRetry)
        #expect(RetryPolicy.isIdempotent(.put) && RetryPolicy.isIdempotent(.delete) && !RetryPolicy.isIdempotent(.post))
        #expect(!RetryPolicy.isIdempotent(.patch))
    }

    @Test func retryableStatusesAndRetryAfter() {
        func decide(_ status: Int, _ retryAfter: String? = nil, idempotent: Bool = true) -> RetryPolicy.Decision {
            let slow = RetryPolicy(maxAttempts: 3, baseDelayNanoseconds: 100, maxDelayNanoseconds: 3_000_000_000)
            return slow.decide(
                after: .response(status: status, retryAfter: retryAfter), attempt: 1, idempotent: idempotent, random: top)
        }
        #expect(decide(503) == .retry(afterNanoseconds: 100))
        #expect(decide(429, idempotent: false) == .retry(afterNanoseconds: 100))
        #expect(decide(502) == .retry(afterNanoseconds: 100))
        #expect(decide(502, idempotent: false) == .doNotRetry)
        #expect(decide(504, idempotent: false) == .doNotRetry)
        #expect(decide(500) == .doNotRetry)
        #expect(decide(404) == .doNotRetry)
        #expect(decide(503, "2") == .retry(afterNanoseconds: 2_000_000_000))
        #expect(decide(429, " 0 ") == .retry(afterNanoseconds: 0))
        #expect(decide(503, "4") == .doNotRetry, "beyond the cap: not worth waiting")
        #expect(decide(503, "Wed, 21 Oct 2015 07:28:00 GMT") == .retry(afterNanoseconds: 100))
        #expect(decide(503, "99999999999999999") == .doNotRetry, "huge values overflow to 'do not retry'")
    }
}
