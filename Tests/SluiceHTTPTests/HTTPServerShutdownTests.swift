import Testing
@testable import SluiceHTTP
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

@Suite struct ShutdownSignalsTests {
    @Test func sigtermShutsTheServerDownGracefully() throws {
        let server = try startServer(testRouter())
        let watcher = ShutdownSignals.watch(server)
        let busy = try TestSocket(port: server.port)
        try busy.send(get("/slow/200"))
        sleepMilliseconds(50)
        sendTerminationSignal(to: try #require(watcher.thread.withLock { $0 }))
        server.wait()
        #expect(watcher.received.withLock { $0 } == terminationSignal)
        let response = try #require(busy.readResponse())
        #expect(response.text == "slow 200")
        #expect(response.header("connection") == "close")
    }
}
