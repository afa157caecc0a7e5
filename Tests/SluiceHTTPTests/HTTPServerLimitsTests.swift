import Testing
import SluiceHTTP
import SluiceHTTPCore

@Suite struct HTTPServerLimitsTests {
    @Test func headerAndBodyTimeoutsAnswer408AndIdleClosesSilently() throws {
        let server = try startServer(testRouter()) {
            $0.headerTimeout = .milliseconds(300)
            $0.bodyTimeout = .milliseconds(300)
            $0.idleTimeout = .milliseconds(300)
        }
        defer { stop(server) }
        let slowHead = try TestSocket(port: server.port)
        try slowHead.send("GET /healthz HTTP/1.1\r\nHo")
        let slowBody = try TestSocket(port: server.port)
        try slowBody.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        let idle = try TestSocket(port: server.port)
        try idle.send(get("/healthz"))
        #expect(idle.readResponse()?.status == 200)

        let started = monotonicSeconds()
        let headResponse = try #require(slowHead.readResponse())
        #expect(headResponse.status == 408)
        #expect(headResponse.header("connection") == "close")
        #expect(slowHead.readsEndOfStream())
        #expect(slowBody.readResponse()?.status == 408)
        #expect(idle.readsEndOfStream())
        #expect(monotonicSeconds() - started < 5)
    }

    @Test func overMaxConnectionsNewOnesGet503WhileOthersAreServed() throws {
        let server = try startServer(testRouter()) { $0.maxConnections = 2 }
        defer { stop(server) }
        let first = try TestSocket(port: server.port)
        let second = try TestSocket(port: server.port)
        try first.send(get("/healthz"))
        try second.send(get("/healthz"))
        #expect(first.readResponse()?.status == 200)
        #expect(second.readResponse()?.status == 200)

        let third = try TestSocket(port: server.port)
        let refused = try #require(third.readResponse())
        #expect(refused.status == 503)
        #expect(refused.header("content-type") == "application/problem+json")
        #expect(refused.header("connection") == "close")
        #expect(third.readsEndOfStream())

        try first.send(get("/v1/topics/still"))
        #expect(first.readResponse()?.text == "topic=still route=/v1/topics/{topic}")
        first.close()
        sleepMilliseconds(100)
        let fourth = try TestSocket(port: server.port)
        try fourth.send(get("/healthz"))
        #expect(fourth.readResponse()?.status == 200)
    }

    /// 500 connections dribble one header byte per second; a normal client is still served
    /// promptly, and the slow ones get 408 once the header timeout passes.
    @Test func slowClientsDoNotStarveOthers() throws {
        raiseOpenFileLimit()
        let server = try startServer(testRouter()) {
            $0.headerTimeout = .seconds(2)
            $0.idleTimeout = .seconds(30)
        }
        defer { stop(server) }
        let slow = try (0..<500).map { _ in try TestSocket(port: server.port) }
        let prefix = Array("GET /healthz HTTP/1.1\r\n".utf8)
        let started = monotonicSeconds()
        var normal = try TestSocket(port: server.port)
        var worstLatency = 0.0
        var served = 0
        for second in 0..<3 {
            for client in slow { try? client.send([prefix[second]]) }
            for _ in 0..<10 {
                let before = monotonicSeconds()
                try normal.send(get("/v1/topics/fast"))
                if normal.readResponse()?.status == 200 { served += 1 }
                worstLatency = max(worstLatency, monotonicSeconds() - before)
            }
            if second == 1 { normal = try TestSocket(port: server.port) }
            let elapsed = monotonicSeconds() - started
            if elapsed < Double(second + 1) { sleepMilliseconds(Int((Double(second + 1) - elapsed) * 1000)) }
        }
        #expect(served == 30)
        #expect(worstLatency < 1.0)
        var timedOut = 0
        for client in slow where client.readResponse()?.status == 408 { timedOut += 1 }
        #expect(timedOut == 500)
        #expect(monotonicSeconds() - started < 10)
    }
}
