import Testing
import SluiceHTTP
import SluiceHTTPCore

@Suite struct HTTPServerExecutionTests {
    /// With one event loop, blocking handlers on workers do not delay an inline route.
    @Test func blockingWorkerHandlersDoNotStallTheEventLoop() throws {
        let server = try startServer(testRouter()) {
            $0.eventLoopCount = 1
            $0.workerThreadCount = 2
        }
        defer { stop(server) }
        let blocked = try (0..<2).map { _ in try TestSocket(port: server.port) }
        for client in blocked { try client.send(get("/slow/800")) }
        sleepMilliseconds(50)
        let quick = try TestSocket(port: server.port)
        let started = monotonicSeconds()
        try quick.send(get("/healthz"))
        #expect(quick.readResponse()?.text == "ok")
        #expect(monotonicSeconds() - started < 0.5)
        for client in blocked { #expect(client.readResponse()?.text == "slow 800") }
    }

    @Test func contextCarriesRemoteAddressAndDistinctRequestIDs() throws {
        var router = Router()
        router.get("/who", execution: .eventLoop) { _, context in
            .text("\(context.remoteAddress) \(context.requestID)")
        }
        let server = try startServer(router)
        defer { stop(server) }
        let client = try TestSocket(port: server.port)
        try client.send(get("/who") + get("/who"))
        let first = try #require(client.readResponse()).text
        let second = try #require(client.readResponse()).text
        #expect(first.hasPrefix("127.0.0.1:"))
        #expect(first != second)
    }

    @Test func plainResponderRunsOnWorkersAndErrorsBecome500() throws {
        struct Failing: Error {}
        let responder = ClosureResponder { request, _ in
            if request.path == "/fail" { throw Failing() }
            return .text("plain \(request.method)")
        }
        let server = HTTPServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 1, workerThreadCount: 1),
            responder: responder)
        try server.start()
        defer { stop(server) }
        let client = try TestSocket(port: server.port)
        try client.send(get("/x") + get("/fail"))
        #expect(client.readResponse()?.text == "plain GET")
        #expect(client.readResponse()?.status == 500)
    }

    @Test func fullWorkerQueueAnswers503() throws {
        let server = try startServer(testRouter()) {
            $0.workerThreadCount = 1
            $0.workerQueueLimit = 1
        }
        defer { stop(server) }
        let running = try TestSocket(port: server.port)
        try running.send(get("/slow/500"))
        sleepMilliseconds(100)
        let queued = try TestSocket(port: server.port)
        try queued.send(get("/slow/1"))
        sleepMilliseconds(100)
        let refused = try TestSocket(port: server.port)
        try refused.send(get("/slow/1"))
        let response = try #require(refused.readResponse())
        #expect(response.status == 503)
        #expect(running.readResponse()?.text == "slow 500")
        #expect(queued.readResponse()?.text == "slow 1")
    }
}
