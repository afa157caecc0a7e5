import Testing
@testable import SluiceHTTPCore

@Suite struct HTTPResponseSerializerTests {
    func serialize(_ response: HTTPResponse, head: Bool = false, close: Bool = false) -> String {
        var serializer = HTTPResponseSerializer()
        var buffer: [UInt8] = []
        serializer.write(response, to: &buffer, isHeadRequest: head, close: close, unixSeconds: 784_111_777)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func framingIsTheSerializers() {
        var response = HTTPResponse.text("hi")
        response.headers.add(name: "Content-Length", value: "99")
        response.headers.add(name: "Connection", value: "keep-alive")
        #expect(serialize(response) == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nhi")
        #expect(serialize(.text("hi"), close: true).contains("\r\nConnection: close\r\n\r\nhi"))
    }

    @Test func headHasLengthButNoBodyAnd204HasNeither() {
        let head = serialize(.text("hello"), head: true)
        #expect(head.contains("Content-Length: 5\r\n"))
        #expect(head.hasSuffix("\r\n\r\n"))
        let noContent = serialize(HTTPResponse(status: .noContent))
        #expect(!noContent.contains("Content-Length"))
    }

    @Test func dates() {
        #expect(HTTPDateCache.format(unixSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDateCache.format(unixSeconds: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDateCache.format(unixSeconds: 1_795_000_000) == "Wed, 18 Nov 2026 11:06:40 GMT")
        var cache = HTTPDateCache()
        let result1 = cache.value(unixSeconds: 0)
        #expect(result1 == Array("Thu, 01 Jan 1970 00:00:00 GMT".utf8))
        let result2 = cache.value(unixSeconds: 1)
        #expect(result2 == Array("Thu, 01 Jan 1970 00:00:01 GMT".utf8))
    }

    @Test func problemDetailsJSON() {
        let problem = ProblemDetails(
            type: "https://sluice.dev/problems/validation", title: "Invalid \"event\"", status: 422,
            detail: "line\nbreak\u{01}", errors: [.init(path: "$.a[0]", message: "required")],
            extensions: [("retryable", .bool(false)), ("count", .int(3)), ("topic", .string("t"))])
        let json = String(decoding: problem.json(), as: UTF8.self)
        #expect(json == #"{"type":"https://sluice.dev/problems/validation","title":"Invalid \"event\"","status":422,"detail":"line\nbreak\u0001","errors":[{"path":"$.a[0]","message":"required"}],"retryable":false,"count":3,"topic":"t"}"#)
        let response = HTTPResponse.problem(.notFound)
        #expect(response.status == .notFound)
        #expect(response.headers["content-type"] == "application/problem+json")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"type":"about:blank","title":"Not Found","status":404}"#)
    }
}
