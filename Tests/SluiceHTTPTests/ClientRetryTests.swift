import Foundation
import Testing
import SluiceHTTPCore
@testable import SluiceHTTP

@Suite struct ClientRetryTests {
    /// 3 attempts; backoff base 100 ms; the jitter source returns the ceiling, so the
    /// sleeps are exactly 100 ms then 200 ms.
    private func retryingClient(cap: UInt64 = 2_000_000_000) -> HTTPClient {
        HTTPClient(
            configuration: clientConfiguration {
                $0.retryPolicy = RetryPolicy(maxAttempts: 3, baseDelayNanoseconds: 100_000_000, maxDelayNanoseconds: cap)
                $0.readTimeout = .milliseconds(300)
            },
            random: { $0 })
    }

    @Test func idempotentRequestIsRetriedWithBackoffOn503() throws {
        let peer = try keepAlivePeer { served in served < 2 ? Reply.status(503) : Reply.ok("finally") }
        defer { peer.stop() }
        let client = retryingClient()
        defer { client.shutdown() }
        let (result, seconds) = timed { try client.execute(HTTPClientRequest(url: peer.url)) }
        let response = try result.get()
        #expect(response.body == Array("finally".utf8))
        #expect(peer.requests.count == 3)
        #expect(seconds >= 0.29, "slept 100 ms + 200 ms between attempts")
        #expect(seconds < 3)
    }

    @Test func lastRetryableResponseIsReturnedWhenAttemptsRunOut() throws {
        let peer = try keepAlivePeer { _ in Reply.status(503) }
        defer { peer.stop() }
        let client = retryingClient()
        defer { client.shutdown() }
        let response = try client.execute(HTTPClientRequest(url: peer.url))
        #expect(response.status.code == 503)
        #expect(peer.requests.count == 3)
    }

    @Test func connectionDroppedAfterSendingIsRetriedForGetButNotForPost() throws {
        let peer = try ScriptedPeer { connection, _ in
            connection.readRequest()
            connection.reset()
        }
        defer { peer.stop() }
        let client = retryingClient()
        defer { client.shutdown() }
        #expect(throws: HTTPClientError.connectionClosed) { try client.execute(HTTPClientRequest(url: peer.url)) }
        #expect(peer.requests.count == 3)
        #expect(throws: HTTPClientError.connectionClosed) {
            try client.execute(HTTPClientRequest(method: .post, url: peer.url, body: [1]))
        }
        #expect(peer.requests.count == 4, "a POST that reached the peer is not repeated")
    }

    @Test func readTimeoutIsRetriedOnlyForIdempotentRequests() throws {
        let peer = try ScriptedPeer { connection, _ in
            connection.readRequest()
            connection.waitForClose()
        }
        defer { peer.stop() }
        let client = retryingClient()
        defer { client.shutdown() }
        #expect(throws: HTTPClientError.readTimeout) {
            try client.execute(HTTPClientRequest(method: .post, url: peer.url, body: [1]))
        }
        #expect(peer.requests.count == 1)
        #expect(throws: HTTPClientError.readTimeout) {
            try client.execute(HTTPClientRequest(method: .post, url: peer.url, body: [1], idempotent: true))
        }
        #expect(peer.requests.count == 4, "a POST marked idempotent is retried")
    }

    @Test func refusedConnectsAreRetriedEvenForPost() throws {
        let refused = try ScriptedPeer(accepting: false).stoppedPort()
        let client = retryingClient()
        defer { client.shutdown() }
        let (result, seconds) = timed {
            try client.execute(HTTPClientRequest(method: .post, url: "http://127.0.0.1:\(refused)/"))
        }
        #expect(result.failureValue == .connectionRefused)
        #expect(seconds >= 0.29, "three attempts with 100 ms and 200 ms sleeps between them")
    }

    @Test func retryAfterWithinTheCapIsHonoured() throws {
        let peer = try keepAlivePeer { served in served == 0 ? Reply.status(503, "Retry-After: 1\r\n") : Reply.ok() }
        defer { peer.stop() }
        let client = retryingClient()
        defer { client.shutdown() }
        let (result, seconds) = timed { try client.execute(HTTPClientRequest(method: .post, url: peer.url)) }
        #expect(try result.get().status == .ok)
        #expect(seconds >= 0.99, "waited the second the peer asked for")
        #expect(peer.requests.count == 2)
    }

    @Test func retryAfterBeyondTheCapReturnsTheResponse() throws {
        let peer = try keepAlivePeer { _ in Reply.status(429, "Retry-After: 60\r\n") }
        defer { peer.stop() }
        let client = retryingClient()
        defer { client.shutdown() }
        let (result, seconds) = timed { try client.execute(HTTPClientRequest(url: peer.url)) }
        #expect(try result.get().status.code == 429)
        #expect(peer.requests.count == 1)
        #expect(seconds < 1)
    }

    @Test func backoffThatWouldPassTheDeadlineIsNotSlept() throws {
        let peer = try keepAlivePeer { _ in Reply.status(503) }
        defer { peer.stop() }
        let client = retryingClient()
        defer { client.shutdown() }
        var request = HTTPClientRequest(url: peer.url)
        request.deadline = .milliseconds(150)
        let (result, seconds) = timed { try client.execute(request) }
        #expect(try result.get().status.code == 503)
        #expect(peer.requests.count == 2, "100 ms fits, the 200 ms backoff does not")
        #expect(seconds < 1)
    }
}
