import Foundation
import Testing
import SluiceHTTPCore
@testable import SluiceHTTP

@Suite struct ClientConnectionTests {
    @Test func keepAliveConnectionIsReusedAcrossCalls() throws {
        let peer = try keepAlivePeer()
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration())
        defer { client.shutdown() }
        for _ in 0..<5 {
            let response = try client.execute(HTTPClientRequest(url: peer.url + "/v1/x?a=1"))
            #expect(response.status == .ok)
            #expect(response.body == Array("ok".utf8))
        }
        #expect(peer.acceptCount == 1)
        #expect(peer.requests.count == 5)
        #expect(peer.requests.first?.hasPrefix("GET /v1/x?a=1 HTTP/1.1\r\nHost: 127.0.0.1:\(peer.port)\r\n") == true)
    }

    @Test func connectionCloseResponsesAreNotReused() throws {
        let peer = try keepAlivePeer { _ in Reply.ok(extraHeaders: "Connection: close\r\n") }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration())
        defer { client.shutdown() }
        _ = try client.execute(HTTPClientRequest(url: peer.url))
        _ = try client.execute(HTTPClientRequest(url: peer.url))
        #expect(peer.acceptCount == 2)
    }

    @Test func concurrentCallsFromManyThreadsAllSucceed() throws {
        let peer = try keepAlivePeer { served in Reply.ok("n\(served)") }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration { $0.maxIdleConnectionsPerPeer = 4 })
        defer { client.shutdown() }
        let failures = NSLock()
        nonisolated(unsafe) var failed = 0
        DispatchQueue.concurrentPerform(iterations: 40) { _ in
            let response = try? client.execute(HTTPClientRequest(url: peer.url))
            if response?.status != .ok { failures.withLock { failed += 1 } }
        }
        #expect(failed == 0)
        #expect(peer.requests.count == 40)
        #expect(peer.acceptCount <= 40)
        #expect(client.pool.idleCount(peer: "127.0.0.1:\(peer.port)") <= 4)
    }

    @Test func chunkedResponseIsDecoded() throws {
        let peer = try keepAlivePeer { _ in
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"
        }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration())
        defer { client.shutdown() }
        let first = try client.execute(HTTPClientRequest(url: peer.url))
        let second = try client.execute(HTTPClientRequest(url: peer.url))
        #expect(String(decoding: first.body, as: UTF8.self) == "Wikipedia")
        #expect(second.body == first.body)
        #expect(peer.acceptCount == 1, "a chunked response leaves the connection reusable")
    }

    @Test func headResponseHasNoBodyAndKeepsTheConnection() throws {
        let peer = try keepAlivePeer { _ in "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration { $0.readTimeout = .seconds(3) })
        defer { client.shutdown() }
        for _ in 0..<2 {
            let (result, seconds) = timed { try client.execute(HTTPClientRequest(method: .head, url: peer.url)) }
            #expect(try result.get().body.isEmpty)
            #expect(seconds < 2, "did not wait for a body")
        }
        #expect(peer.acceptCount == 1)
    }

    @Test func bodyDelimitedByCloseIsReadToTheEnd() throws {
        let peer = try ScriptedPeer { connection, _ in
            connection.readRequest()
            connection.write("HTTP/1.0 200 OK\r\n\r\nuntil ")
            connection.write("the end")
            connection.close()
        }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration())
        defer { client.shutdown() }
        #expect(try client.execute(HTTPClientRequest(url: peer.url)).body == Array("until the end".utf8))
        _ = try? client.execute(HTTPClientRequest(url: peer.url))
        #expect(peer.acceptCount == 2, "not reused")
    }

    @Test func idleConnectionsOlderThanTheirLifetimeAreNotReused() throws {
        let peer = try keepAlivePeer()
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration { $0.idleConnectionLifetime = .milliseconds(50) })
        defer { client.shutdown() }
        _ = try client.execute(HTTPClientRequest(url: peer.url))
        _ = try client.execute(HTTPClientRequest(url: peer.url))
        #expect(peer.acceptCount == 1)
        Thread.sleep(forTimeInterval: 0.1)
        _ = try client.execute(HTTPClientRequest(url: peer.url))
        #expect(peer.acceptCount == 2)
    }

    @Test func requestCarriesBodyHeadersAndTraceparent() throws {
        let peer = try keepAlivePeer()
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration())
        defer { client.shutdown() }
        let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        var request = HTTPClientRequest(method: .post, url: peer.url + "/v1/runs", body: Array("{\"a\":1}".utf8))
        request.headers.add(name: "Content-Type", value: "application/json")
        request.traceparent = traceparent
        _ = try client.execute(request)
        let head = try #require(peer.requests.first)
        #expect(head.hasPrefix("POST /v1/runs HTTP/1.1\r\n"))
        #expect(head.contains("\r\nContent-Type: application/json\r\n"))
        #expect(head.contains("\r\nContent-Length: 7\r\n"))
        #expect(head.contains("\r\ntraceparent: \(traceparent)\r\n"))
    }

    @Test func staleKeepAliveConnectionIsRetriedOnceOnAFreshOne() throws {
        // The first connection answers once, then takes the next request and closes without
        // answering, as a server closing an idle connection just as a request arrives.
        let peer = try ScriptedPeer { connection, index in
            if index == 0 {
                connection.readRequest()
                connection.write(Reply.ok("first"))
                connection.readRequest()
                connection.close()
            } else {
                while connection.readRequest() != nil { connection.write(Reply.ok("fresh")) }
            }
        }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration())
        defer { client.shutdown() }
        #expect(try client.execute(HTTPClientRequest(url: peer.url)).body == Array("first".utf8))
        let second = try client.execute(HTTPClientRequest(url: peer.url))
        #expect(second.body == Array("fresh".utf8))
        #expect(peer.acceptCount == 2)
        #expect(peer.requests.count == 3)
    }

    @Test func staleConnectionIsNotRetriedForAPostThatWasSent() throws {
        let peer = try ScriptedPeer { connection, index in
            connection.readRequest()
            if index == 0 {
                connection.write(Reply.ok("first"))
                connection.readRequest()
                connection.close()
            } else {
                connection.write(Reply.ok("fresh"))
            }
        }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration())
        defer { client.shutdown() }
        _ = try client.execute(HTTPClientRequest(url: peer.url))
        let post = HTTPClientRequest(method: .post, url: peer.url, body: [1])
        #expect(throws: HTTPClientError.connectionClosed) { try client.execute(post) }
        #expect(peer.acceptCount == 1)
    }

    @Test func idleConnectionClosedByThePeerIsNotReused() throws {
        let peer = try ScriptedPeer { connection, _ in
            connection.readRequest()
            connection.write(Reply.ok())
            connection.close()  // closes the idle keep-alive connection right away
        }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration())
        defer { client.shutdown() }
        _ = try client.execute(HTTPClientRequest(url: peer.url))
        Thread.sleep(forTimeInterval: 0.05)
        // Even a POST succeeds: the dead connection is noticed before the request is sent.
        let response = try client.execute(HTTPClientRequest(method: .post, url: peer.url))
        #expect(response.status == .ok)
        #expect(peer.acceptCount == 2)
    }

    @Test func tooLargeResponseIsRejected() throws {
        let peer = try keepAlivePeer { _ in Reply.ok(String(repeating: "x", count: 5_000)) }
        defer { peer.stop() }
        let client = HTTPClient(
            configuration: clientConfiguration { $0.responseLimits = .init(maxHeaderBytes: 1024, maxBodyBytes: 1024) })
        defer { client.shutdown() }
        #expect(throws: HTTPClientError.responseTooLarge) { try client.execute(HTTPClientRequest(url: peer.url)) }
    }

    @Test func malformedResponseAndBadInputAreTypedErrors() throws {
        let peer = try keepAlivePeer { _ in "SPDY/9 200 OK\r\n\r\n" }
        defer { peer.stop() }
        let client = HTTPClient(configuration: clientConfiguration())
        defer { client.shutdown() }
        #expect(throws: HTTPClientError.malformedResponse("invalid status line")) {
            try client.execute(HTTPClientRequest(url: peer.url))
        }
        #expect(throws: HTTPClientError.invalidURL("only http:// URLs are supported")) {
            try client.execute(HTTPClientRequest(url: "https://example.com/"))
        }
        var injected = HTTPClientRequest(url: peer.url)
        injected.headers.add(name: "X-A", value: "a\r\nX-B: b")
        #expect(throws: HTTPClientError.invalidRequest("invalid value for header X-A")) { try client.execute(injected) }
    }

    @Test func refusedConnectionIsReported() throws {
        let port = try ScriptedPeer(accepting: false).stoppedPort()
        let client = HTTPClient(configuration: clientConfiguration())
        #expect(throws: HTTPClientError.connectionRefused) {
            try client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/"))
        }
    }
}

extension ScriptedPeer {
    /// Stops the peer and returns its (now closed) port.
    func stoppedPort() -> Int {
        stop()
        return port
    }
}
