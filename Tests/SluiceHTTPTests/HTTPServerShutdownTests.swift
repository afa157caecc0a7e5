import Testing
import SluiceHTTP
import SluiceHTTPCore

@Suite struct HTTPServerShutdownTests {
    @Test func inFlightRequestCompletesIdleClosesNewConnectionsAreRefused() throws {
        let server = try startServer(testRouter()) { $0.shutdownDeadline = .seconds(5) }
        let port = server.port
        let idle = try TestSocket(port: port)
        try idle.send(get("/healthz"))
        #expect(idle.readResponse()?.status == 200)
        let busy = try TestSocket(port: port)
        try busy.send(get("/slow/400"))
        sleepMilliseconds(100)

        server.shutdown()
        #expect(throws: TestSocketError.self) { try TestSocket(port: port) }
        #expect(idle.readsEndOfStream())
        let response = try #require(busy.readResponse())
        #expect(response.text == "slow 400")
        #expect(response.header("connection") == "close")
        #expect(busy.readsEndOfStream())
        server.wait()
    }

    @Test func waitReturnsWithinTheDeadlineEvenIfAHandlerHangs() throws {
        let server = try startServer(testRouter()) { $0.shutdownDeadline = .milliseconds(500) }
        let hanging = try TestSocket(port: server.port)
        try hanging.send(get("/slow/5000"))
        sleepMilliseconds(100)
        let started = monotonicSeconds()
        server.shutdown()
        server.wait()
        let elapsed = monotonicSeconds() - started
        #expect(elapsed >= 0.4)
        #expect(elapsed < 3)
        #expect(hanging.readsEndOfStream())
    }
}
