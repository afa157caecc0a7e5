import SluiceHTTP
import SluiceHTTPCore

/// Starts a server on 127.0.0.1, port 0, with small thread counts for tests.
func startServer(
    _ router: Router, configure: (inout ServerConfiguration) -> Void = { _ in }
) throws -> HTTPServer {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 2, workerThreadCount: 4)
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, responder: router)
    try server.start()
    return server
}

/// Stops the server and waits for its loops.
func stop(_ server: HTTPServer) {
    server.shutdown()
    server.wait()
}

/// A router with the routes most tests use.
func testRouter() -> Router {
    var router = Router()
    router.get("/healthz", execution: .eventLoop) { _, _ in .text("ok") }
    router.get("/slow/{ms}") { _, context in
        sleepMilliseconds(Int(context.parameters["ms"] ?? "0") ?? 0)
        return .text("slow \(context.parameters["ms"] ?? "")")
    }
    router.post("/echo") { request, _ in HTTPResponse(status: .ok, body: request.body) }
    router.get("/v1/topics/{topic}") { _, context in .text("topic=\(context.parameters["topic"] ?? "") route=\(context.route)") }
    router.delete("/v1/topics/{topic}") { _, _ in HTTPResponse(status: .noContent) }
    return router
}

func get(_ path: String) -> String { "GET \(path) HTTP/1.1\r\nHost: test\r\n\r\n" }
