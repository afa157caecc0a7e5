import Testing
@testable import SluiceHTTPCore

@Suite struct ClientResponseParserTests {
    /// Feeds `bytes` in pieces of `split` bytes (or all at once when split is 0).
    private func parse(
        _ text: String, method: HTTPMethod = .get, split: Int = 0, limits: HTTPResponseParser.Limits = .init(),
        close: Bool = false
    ) throws -> HTTPResponseParser.Message {
        var parser = HTTPResponseParser(requestMethod: method, limits: limits)
        let bytes = Array(text.utf8)
        let step = split == 0 ? max(1, bytes.count) : split
        var index = 0
        while index < bytes.count {
            if let message = try parser.feed(bytes[index..<min(bytes.count, index + step)]) {
                #expect(index + step >= bytes.count, "complete before the last byte")
                return message
            }
            index += step
        }
        if close { return try parser.finish() }
        Issue.record("incomplete")
        throw HTTPResponseParseError.truncatedResponse
    }

    @Test(arguments: [0, 1, 2, 3, 7])
    func contentLengthBodyInAnySplit(split: Int) throws {
        let message = try parse("HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-A: b \r\n\r\nhello", split: split)
        #expect(message.response.status.code == 201)
        #expect(message.response.headers["x-a"] == "b")
        #expect(message.response.body == Array("hello".utf8))
        #expect(message.keepAlive)
    }

    @Test(arguments: [0, 1, 4])
    func chunkedBodyWithExtensionsAndTrailers(split: Int) throws {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: t\r\n\r\n"
        let message = try parse(text, split: split)
        #expect(String(decoding: message.response.body, as: UTF8.self) == "hello, world!!!")
        #expect(message.keepAlive)
    }

    @Test func readUntilCloseBodyCompletesOnFinish() throws {
        let message = try parse("HTTP/1.1 200 OK\r\n\r\nsome bytes", split: 3, close: true)
        #expect(message.response.body == Array("some bytes".utf8))
        #expect(!message.keepAlive)
    }

    @Test func interimResponsesAreSkipped() throws {
        let message = try parse(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            split: 5)
        #expect(message.response.status == .ok)
        #expect(message.response.headers["Link"] == nil)
        #expect(message.response.body == Array("ok".utf8))
    }

    @Test func headAnd204And304HaveNoBody() throws {
        let head = try parse("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", method: .head)
        #expect(head.response.body.isEmpty && head.keepAlive)
        let noContent = try parse("HTTP/1.1 204 No Content\r\n\r\n")
        #expect(noContent.response.status == .noContent && noContent.keepAlive)
        let notModified = try parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n")
        #expect(notModified.response.body.isEmpty)
    }

    @Test func connectionCloseAndHTTP10AreDetected() throws {
        #expect(try !parse("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n").keepAlive)
        #expect(try !parse("HTTP/1.1 200 OK\r\nConnection: foo, close\r\nContent-Length: 0\r\n\r\n").keepAlive)
        #expect(try !parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keepAlive)
        #expect(try parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").keepAlive)
    }

    @Test func limitsAreEnforced() {
        let small = HTTPResponseParser.Limits(maxHeaderBytes: 64, maxBodyBytes: 4)
        #expect(throws: HTTPResponseParseError.headersTooLarge) {
            try parse("HTTP/1.1 200 OK\r\nX-Long: \(String(repeating: "a", count: 100))\r\n\r\n", split: 1, limits: small)
        }
        #expect(throws: HTTPResponseParseError.bodyTooLarge) {
            try parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", limits: small)
        }
        #expect(throws: HTTPResponseParseError.bodyTooLarge) {
            try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n", limits: small)
        }
        #expect(throws: HTTPResponseParseError.bodyTooLarge) {
            try parse("HTTP/1.1 200 OK\r\n\r\nhello", split: 1, limits: small, close: true)
        }
    }

    @Test func malformedResponsesAreTypedErrors() {
        #expect(throws: HTTPResponseParseError.invalidStatusLine) { try parse("HTTX/1.1 200 OK\r\n\r\n") }
        #expect(throws: HTTPResponseParseError.invalidStatusLine) { try parse("HTTP/1.1 2x0 OK\r\n\r\n") }
        #expect(throws: HTTPResponseParseError.invalidHeader) { try parse("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n") }
        #expect(throws: HTTPResponseParseError.invalidHeader) { try parse("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n") }
        #expect(throws: HTTPResponseParseError.invalidContentLength) {
            try parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
        }
        #expect(throws: HTTPResponseParseError.invalidContentLength) {
            try parse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")
        }
        #expect(throws: HTTPResponseParseError.invalidChunkedEncoding) {
            try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        }
        #expect(throws: HTTPResponseParseError.invalidChunkedEncoding) {
            try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n")
        }
        #expect(throws: HTTPResponseParseError.unexpectedUpgrade) { try parse("HTTP/1.1 101 Switching\r\n\r\n") }
    }

    @Test func endOfStreamBeforeAndDuringAResponse() throws {
        var empty = HTTPResponseParser(requestMethod: .get)
        #expect(throws: HTTPResponseParseError.closedBeforeResponse) { try empty.finish() }
        var partial = HTTPResponseParser(requestMethod: .get)
        _ = try partial.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8))
        #expect(throws: HTTPResponseParseError.truncatedResponse) { try partial.finish() }
    }

    @Test func bytesAfterTheResponseAreCounted() throws {
        var parser = HTTPResponseParser(requestMethod: .get)
        let message = try parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naEXTRA".utf8))
        #expect(message?.response.body == [UInt8(ascii: "a")])
        #expect(parser.unconsumedByteCount == 5)
    }
}
