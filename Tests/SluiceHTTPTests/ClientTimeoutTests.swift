import Foundation
import Testing
import SluiceHTTPCore
@testable import SluiceHTTP

/// Timing tests: bounds are generous (the machine is shared) and check behaviour (the
/// call ends near its timeout, not after some other one), not speed.
@Suite(.serialized) struct ClientTimeoutTests {
    @Test func silentPeerCostsTheReadTimeout() throws {
        let peer = try ScriptedPeer { connection, _ in
            connection.readRequest()
            connection.waitForClose()
        }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration { $0.readTimeout = .milliseconds(300) })
        defer { client.shutdown() }
        let (result, seconds) = timed { try client.execute(HTTPClientRequest(url: peer.url)) }
        #expect(result.failureValue == .readTimeout)
        #expect(seconds >= 0.29 && seconds < 2.5)
    }

    @Test func perRequestReadTimeoutOverridesTheConfiguration() throws {
        let peer = try ScriptedPeer { connection, _ in
            connection.readRequest()
            connection.waitForClose()
        }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration { $0.readTimeout = .seconds(30) })
        defer { client.shutdown() }
        var request = HTTPClientRequest(url: peer.url)
        request.readTimeout = .milliseconds(200)
        let (result, seconds) = timed { try client.execute(request) }
        #expect(result.failureValue == .readTimeout)
        #expect(seconds < 2.5)
    }

    @Test func peerThatStopsReadingCostsTheWriteTimeout() throws {
        let peer = try ScriptedPeer { connection, _ in connection.holdWithoutReading() }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration { $0.readTimeout = .milliseconds(300) })
        defer { client.shutdown() }
        // Larger than any loopback socket buffer pair, so the write must stall.
        let body = [UInt8](repeating: 0x61, count: 64 * 1024 * 1024)
        let (result, seconds) = timed { try client.execute(HTTPClientRequest(method: .put, url: peer.url, body: body)) }
        #expect(result.failureValue == .writeTimeout)
        #expect(seconds >= 0.29 && seconds < 4)
    }

    @Test func blackHoledConnectCostsTheConnectTimeout() throws {
        let hole = try BlackHole()
        defer { hole.close() }
        let client = HTTPClient(configuration: clientConfiguration { $0.connectTimeout = .milliseconds(300) })
        defer { client.shutdown() }
        let (result, seconds) = timed { try client.execute(HTTPClientRequest(url: hole.url)) }
        #expect(result.failureValue == .connectTimeout)
        #expect(seconds >= 0.29 && seconds < 2.5)
    }

    @Test func retriesNeverExceedTheTotalDeadline() throws {
        let peer = try ScriptedPeer { connection, _ in
            connection.readRequest()
            connection.waitForClose()
        }
        defer { peer.stop() }
        let client = HTTPClient(
            configuration: clientConfiguration {
                $0.readTimeout = .milliseconds(400)
                $0.deadline = .seconds(1)
                $0.retryPolicy = RetryPolicy(
                    maxAttempts: 10, baseDelayNanoseconds: 1_000_000, maxDelayNanoseconds: 10_000_000)
            })
        defer { client.shutdown() }
        let (result, seconds) = timed { try client.execute(HTTPClientRequest(url: peer.url)) }
        #expect(result.failureValue == .deadlineExceeded)
        #expect(seconds >= 0.95 && seconds < 3)
        #expect(peer.requests.count == 3, "two full read timeouts, then the deadline cuts the third")
    }

    @Test func deadlineShorterThanTheConnectTimeoutWins() throws {
        let hole = try BlackHole()
        defer { hole.close() }
        let client = HTTPClient(configuration: clientConfiguration { $0.connectTimeout = .seconds(5) })
        defer { client.shutdown() }
        var request = HTTPClientRequest(url: hole.url)
        request.deadline = .milliseconds(300)
        let (result, seconds) = timed { try client.execute(request) }
        #expect(result.failureValue == .deadlineExceeded)
        #expect(seconds < 2.5)
    }
}

/// A listening socket with a full accept queue: the kernel drops further SYNs, so a
/// connect hangs until the client gives up.
struct BlackHole {
    let peer: ScriptedPeer
    private let closers: [() -> Void]

    init() throws {
        let peer = try ScriptedPeer(backlog: 0, accepting: false)
        // Backlog 0 holds one connection; a few more make sure the queue is full.
        self.closers = (0..<3).map { _ in peer.rawConnect() }
        self.peer = peer
        Thread.sleep(forTimeInterval: 0.05)
    }

    var url: String { peer.url }

    func close() {
        for closer in closers { closer() }
        peer.stop()
    }
}
