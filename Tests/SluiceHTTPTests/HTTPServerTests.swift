import Testing
import SluiceHTTP
import SluiceHTTPCore

@Suite struct HTTPServerTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() throws {
        let server = try startServer(testRouter())
        defer { stop(server) }
        #expect(server.port > 0)
        let client = try TestSocket(port: server.port)
        for i in 0..<5 {
            try client.send(get("/v1/topics/t\(i)"))
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.text == "topic=t\(i) route=/v1/topics/{topic}")
            #expect(response.header("date") != nil)
            #expect(response.header("connection") == nil)
        }
    }

    @Test func pipelinedResponsesKeepRequestOrder() throws {
        let server = try startServer(testRouter())
        defer { stop(server) }
        let client = try TestSocket(port: server.port)
        try client.send(get("/slow/300") + get("/healthz") + get("/slow/10") + get("/healthz"))
        let bodies = (0..<4).compactMap { _ in client.readResponse()?.text }
        #expect(bodies == ["slow 300", "ok", "slow 10", "ok"])
    }

    @Test func http10KeepAliveIsAnnouncedAndPlain10Closes() throws {
        let server = try startServer(testRouter())
        defer { stop(server) }
        let client = try TestSocket(port: server.port)
        try client.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(client.readResponse()?.header("connection") == "keep-alive")
        try client.send("GET /healthz HTTP/1.0\r\n\r\n")
        #expect(client.readResponse()?.header("connection") == "close")
        #expect(client.readsEndOfStream())
    }

    @Test func halfClosedClientStillGetsItsAnswers() throws {
        let server = try startServer(testRouter())
        defer { stop(server) }
        let client = try TestSocket(port: server.port)
        try client.send(get("/slow/100") + get("/healthz"))
        client.finishSending()
        #expect(client.readResponse()?.text == "slow 100")
        let last = try #require(client.readResponse())
        #expect(last.text == "ok")
        #expect(last.header("connection") == "close")
        #expect(client.readsEndOfStream())
    }

    @Test func chunkedAndContentLengthBodies() throws {
        let server = try startServer(testRouter())
        defer { stop(server) }
        let client = try TestSocket(port: server.port)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n")
        sleepMilliseconds(50)
        try client.send("6\r\n world\r\n0\r\nTrailer: dropped\r\n\r\n")
        #expect(client.readResponse()?.text == "hello world")
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
        #expect(client.readResponse()?.text == "abc")
    }

    @Test func expectContinue() throws {
        let server = try startServer(testRouter()) { $0.limits.maxBodyBytes = 100 }
        defer { stop(server) }
        let client = try TestSocket(port: server.port)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        let interim = try #require(client.readResponse())
        #expect(interim.status == 100)
        try client.send("body")
        #expect(client.readResponse()?.text == "body")

        let refused = try TestSocket(port: server.port)
        try refused.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n")
        let response = try #require(refused.readResponse())
        #expect(response.status == 413)
        #expect(response.header("connection") == "close")
        #expect(response.header("content-type") == "application/problem+json")
        #expect(refused.readsEndOfStream())
    }

    @Test func headCarriesLengthButNoBody() throws {
        let server = try startServer(testRouter())
        defer { stop(server) }
        let client = try TestSocket(port: server.port)
        try client.send("HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\n" + get("/healthz"))
        let head = try #require(client.readResponse(headRequest: true))
        #expect(head.status == 200)
        #expect(head.header("content-length") == "2")
        #expect(head.body.isEmpty)
        #expect(client.readResponse()?.text == "ok")
    }

    @Test func notFoundAndMethodNotAllowed() throws {
        let server = try startServer(testRouter())
        defer { stop(server) }
        let client = try TestSocket(port: server.port)
        try client.send(get("/nope"))
        let missing = try #require(client.readResponse())
        #expect(missing.status == 404)
        #expect(missing.header("content-type") == "application/problem+json")
        try client.send("PUT /v1/topics/a HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
        let wrongMethod = try #require(client.readResponse())
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("allow") == "GET, HEAD, DELETE")
    }

    @Test func parseErrorsAnswerWithTheirStatusAndClose() throws {
        let server = try startServer(testRouter()) {
            $0.limits = HTTPLimits(maxHeadBytes: 256, maxBodyBytes: 16, maxHeaderCount: 10)
        }
        defer { stop(server) }
        let cases: [(String, Int)] = [
            ("GET / HTTP/1.1\r\nHost: t\r\nX: \(String(repeating: "a", count: 300))\r\n\r\n", 431),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 17\r\n\r\n", 413),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n11\r\n", 413),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            ("GET / HTTP/1.1\nHost: t\r\n\r\n", 400),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ]
        for (request, status) in cases {
            let client = try TestSocket(port: server.port)
            try client.send(request)
            let response = try #require(client.readResponse())
            #expect(response.status == status, "\(request)")
            #expect(response.header("connection") == "close")
            #expect(client.readsEndOfStream())
        }
    }

    @Test func errorsDecideTheirResponse() throws {
        struct Secret: Error {}
        var router = Router()
        router.get("/teapot") { _, _ in
            throw HTTPError(.unprocessableContent, detail: "bad", errors: [.init(path: "$.a", message: "missing")])
        }
        router.get("/crash") { _, _ in throw Secret() }
        let server = try startServer(router)
        defer { stop(server) }
        let client = try TestSocket(port: server.port)
        try client.send(get("/teapot"))
        let problem = try #require(client.readResponse())
        #expect(problem.status == 422)
        #expect(problem.text == #"{"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"bad","errors":[{"path":"$.a","message":"missing"}]}"#)
        try client.send(get("/crash"))
        let crash = try #require(client.readResponse())
        #expect(crash.status == 500)
        #expect(!crash.text.contains("Secret"))
    }

    @Test func middlewareSeesTheRoutePattern() throws {
        struct RouteHeader: HTTPMiddleware {
            func handle(
                _ request: HTTPRequest, context: RequestContext, next: (HTTPRequest, RequestContext) throws -> HTTPResponse
            ) throws -> HTTPResponse {
                var response: HTTPResponse
                do {
                    response = try next(request, context)
                } catch let error as any HTTPResponseError {
                    response = error.response()
                }
                response.headers.add(name: "X-Route", value: context.route)
                return response
            }
        }
        var router = testRouter()
        router.add(middleware: RouteHeader())
        let server = try startServer(router)
        defer { stop(server) }
        let client = try TestSocket(port: server.port)
        try client.send(get("/v1/topics/x") + get("/missing"))
        #expect(client.readResponse()?.header("x-route") == "/v1/topics/{topic}")
        #expect(client.readResponse()?.header("x-route") == RequestContext.unmatchedRoute)
    }
}
