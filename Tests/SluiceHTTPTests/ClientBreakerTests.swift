import Foundation
import Testing
import SluiceHTTPCore
@testable import SluiceHTTP

@Suite struct ClientBreakerTests {
    private func breakerConfiguration(openFor cooldown: UInt64) -> HTTPClientConfiguration {
        clientConfiguration {
            $0.connectTimeout = .milliseconds(300)
            $0.circuitBreaker = .init(consecutiveFailures: 2, failureRatio: nil, openDurationNanoseconds: cooldown)
        }
    }

    @Test func deadPeerFailsFastOnceTheBreakerOpens() throws {
        let hole = try BlackHole()
        defer { hole.close() }
        let client = HTTPClient(configuration: breakerConfiguration(openFor: 60_000_000_000))
        defer { client.shutdown() }
        let request = HTTPClientRequest(url: hole.url)
        for _ in 0..<2 {
            let (result, seconds) = timed { try client.execute(request) }
            #expect(result.failureValue == .connectTimeout)
            #expect(seconds >= 0.29)
        }
        #expect(client.circuitState(peer: "127.0.0.1:\(hole.peer.port)") != .closed)
        for _ in 0..<5 {
            let (result, seconds) = timed { try client.execute(request) }
            #expect(result.failureValue == .circuitOpen)
            #expect(seconds < 0.1, "well under the 300 ms connect timeout")
        }
    }

    @Test func breakerProbesAfterTheCooldownAndClosesWhenThePeerIsBack() throws {
        let healthy = Flag()
        let peer = try keepAlivePeer { _ in healthy.isSet ? Reply.ok("back") : Reply.status(503) }
        defer { peer.stop() }
        let client = HTTPClient(configuration: breakerConfiguration(openFor: 300_000_000))
        defer { client.shutdown() }
        let request = HTTPClientRequest(url: peer.url)
        let peerKey = "127.0.0.1:\(peer.port)"
        #expect(try client.execute(request).status.code == 503)
        #expect(try client.execute(request).status.code == 503)
        #expect(throws: HTTPClientError.circuitOpen) { try client.execute(request) }
        #expect(peer.requests.count == 2, "the open circuit did not touch the peer")

        // Still failing after the cool-down: the probe fails and the circuit opens again.
        Thread.sleep(forTimeInterval: 0.35)
        #expect(try client.execute(request).status.code == 503)
        #expect(throws: HTTPClientError.circuitOpen) { try client.execute(request) }
        #expect(peer.requests.count == 3)

        // The peer recovers: the next probe succeeds and the circuit closes.
        healthy.set()
        Thread.sleep(forTimeInterval: 0.35)
        #expect(try client.execute(request).body == Array("back".utf8))
        #expect(client.circuitState(peer: peerKey) == .closed)
        #expect(try client.execute(request).status == .ok)
        #expect(peer.requests.count == 5)
    }

    @Test func peersHaveSeparateBreakers() throws {
        let good = try keepAlivePeer()
        defer { good.stop() }
        let dead = try ScriptedPeer(accepting: false).stoppedPort()
        let client = HTTPClient(configuration: breakerConfiguration(openFor: 60_000_000_000))
        defer { client.shutdown() }
        for _ in 0..<3 { _ = try? client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(dead)/")) }
        #expect(throws: HTTPClientError.circuitOpen) {
            try client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(dead)/"))
        }
        #expect(try client.execute(HTTPClientRequest(url: good.url)).status == .ok)
    }
}

/// A thread-safe boolean for switching a peer's behaviour mid-test.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
