import Foundation
import SluiceHTTP
import SluiceHTTPCore
import Testing

/// Routes added with `inlineWhen:` run on the event loop when the probe says so.
@Suite struct InlineRouteTests {
    @Test func aRequestTheProbeAcceptsDoesNotWaitForABusyWorker() throws {
        var router = testRouter()
        router.on(.get, "/answer/{mode}", inlineWhen: { _, parameters in parameters["mode"] == "inline" }) { _, context in
            .text("answer \(context.parameters["mode"] ?? "")")
        }
        let server = try startServer(router) { $0.workerThreadCount = 1 }
        defer { stop(server) }
        // Occupy the only worker for a while.
        let busy = try TestSocket(port: server.port)
        try busy.send(get("/slow/1500"))
        sleepMilliseconds(100)

        let inline = try TestSocket(port: server.port)
        let started = monotonicSeconds()
        try inline.send(get("/answer/inline"))
        let fast = inline.readResponse()
        #expect(fast.map { String(decoding: $0.body, as: UTF8.self) } == "answer inline")
        #expect(monotonicSeconds() - started < 1.0)

        let queued = try TestSocket(port: server.port)
        let queuedStart = monotonicSeconds()
        try queued.send(get("/answer/worker"))
        let slow = queued.readResponse()
        #expect(slow.map { String(decoding: $0.body, as: UTF8.self) } == "answer worker")
        #expect(monotonicSeconds() - queuedStart > 0.8)  // it waited for the worker
        #expect(busy.readResponse()?.status == 200)
    }
}
