import Testing
@testable import SluiceHTTPCore

@Suite struct HTTPRequestParserTests {
    func error(_ text: String, limits: HTTPLimits = HTTPLimits()) -> HTTPParserError? {
        ParserVerifier.verify(text, limits: limits).error
    }

    @Test func simpleGetInEverySplit() {
        let outcome = ParserVerifier.verify("GET /healthz?x=1 HTTP/1.1\r\nHost: a\r\nX-Y:  v w \r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.requests == ["GET /healthz?x=1 1.1 ka=true [Host=a,X-Y=v w] "])
    }

    @Test func manyPipelinedMessagesPerBuffer() {
        var text = ""
        var expected: [String] = []
        for i in 0..<20 {
            if i % 3 == 0 {
                text += "POST /p/\(i) HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nab\(i % 10)"
                expected.append("POST /p/\(i) 1.1 ka=true [Host=h,Content-Length=3] ab\(i % 10)")
            } else if i % 3 == 1 {
                text += "PUT /c/\(i) HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=1\r\nxy\r\n1\r\nz\r\n0\r\nT: v\r\n\r\n"
                expected.append("PUT /c/\(i) 1.1 ka=true [Host=h,Transfer-Encoding=chunked] xyz")
            } else {
                text += "GET /g/\(i) HTTP/1.1\r\nHost: h\r\n\r\n"
                expected.append("GET /g/\(i) 1.1 ka=true [Host=h] ")
            }
        }
        let outcome = ParserVerifier.verify(text)
        #expect(outcome.error == nil)
        #expect(outcome.requests == expected)
    }

    @Test func keepAliveRules() {
        #expect(ParserVerifier.verify("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").requests.first?.contains("ka=false") == true)
        #expect(ParserVerifier.verify("GET / HTTP/1.0\r\n\r\n").requests.first?.contains("1.0 ka=false") == true)
        #expect(ParserVerifier.verify("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").requests.first?.contains("ka=true") == true)
    }

    @Test func expectContinueIsReportedOnceBeforeTheBody() {
        let outcome = ParserVerifier.verify(
            "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi")
        #expect(outcome.continues == 1)
        #expect(outcome.requests.count == 1)
        let noBody = ParserVerifier.verify("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")
        #expect(noBody.continues == 0)
        let tooLarge = ParserVerifier.verify(
            "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n",
            limits: HTTPLimits(maxBodyBytes: 10))
        #expect(tooLarge.continues == 0)
        #expect(tooLarge.error == .bodyTooLarge)
    }

    @Test func limits() {
        let small = HTTPLimits(maxHeadBytes: 64, maxBodyBytes: 10, maxHeaderCount: 3)
        #expect(error("GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "v", count: 60))\r\n\r\n", limits: small) == .headersTooLarge)
        #expect(error("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: small) == .headersTooLarge)
        #expect(error("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n", limits: small) == nil)
        #expect(error("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", limits: small) == .bodyTooLarge)
        #expect(error("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789", limits: small) == nil)
        let chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n6\r\n012345\r\n0\r\n\r\n"
        #expect(error(chunked, limits: small) == .bodyTooLarge)
        let trailers = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: \(String(repeating: "t", count: 70))\r\n\r\n"
        #expect(error(trailers, limits: small) == .headersTooLarge)
        // Endless head without terminator is refused once over the bound, not buffered forever.
        #expect(error("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "v", count: 100), limits: small) == .headersTooLarge)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", HTTPParserError.MalformedReason.contentLengthAndTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", .conflictingContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\nab", .conflictingContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1,\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n;x\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n", .invalidChunkTerminator),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\nb\r\n", .bareLineFeed),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", .chunkedNotFinal),
        ("GET / HTTP/1.1\nHost: a\r\n\r\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: a\n\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", .bareCarriageReturn),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n  folded\r\n\r\n", .obsoleteLineFolding),
        ("GET / HTTP/1.1\r\nHost: a\r\nX : a\r\n\r\n", .whitespaceBeforeColon),
        ("GET / HTTP/1.1\r\nHost: a\r\nX(y): a\r\n\r\n", .headerName),
        ("GET / HTTP/1.1\r\nHost: a\r\nnocolon\r\n\r\n", .headerName),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{01}b\r\n\r\n", .headerValue),
        ("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", .method),
        ("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", .target),
        ("GET /\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n", .target),
        ("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", .version),
        ("GET / HTP/1.1\r\nHost: a\r\n\r\n", .version),
        ("GET /\r\nHost: a\r\n\r\n", .target),
        ("GET\r\nHost: a\r\n\r\n", .requestLine),
        ("\r\n\r\n", .requestLine),
        ("GET / HTTP/1.1\r\n\r\n", .host),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .host),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .transferEncodingInHTTP10),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n T: v\r\n\r\n", .obsoleteLineFolding),
    ])
    func malformedIs400(text: String, reason: HTTPParserError.MalformedReason) {
        let failure = error(text)
        #expect(failure == .malformed(reason))
        #expect(failure?.status.code == 400)
    }

    @Test func unsupportedCodingsAndVersions() {
        #expect(error("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == .unsupportedTransferCoding)
        #expect(error("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n")?.status.code == 501)
        #expect(error("GET / HTTP/2.0\r\nHost: a\r\n\r\n")?.status.code == 505)
        #expect(error("GET / HTTP/1.2\r\nHost: a\r\n\r\n") == .unsupportedVersion)
    }

    @Test func equalDuplicateContentLengthsAreOneValue() {
        let outcome = ParserVerifier.verify("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nokGET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.requests.count == 2)
    }

    @Test func errorsAreFinal() {
        var parser = HTTPRequestParser()
        let bad = Array("GET / HTTP/1.1\nHost: a\r\n\r\n".utf8)
        let good = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        #expect(throws: HTTPParserError.malformed(.bareLineFeed)) { try bad.withUnsafeBytes { try parser.parse($0) } }
        #expect(throws: HTTPParserError.malformed(.bareLineFeed)) { try good.withUnsafeBytes { try parser.parse($0) } }
    }

    @Test func randomSplitsOfRandomPipelines() {
        var generator = SplitMix(seed: 42)
        let pieces = [
            "GET /a HTTP/1.1\r\nHost: h\r\n\r\n",
            "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
            "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
            "DELETE /d HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx",
        ]
        for _ in 0..<50 {
            let count = Int(generator.next() % 6) + 1
            let text = (0..<count).map { _ in pieces[Int(generator.next() % 4)] }.joined()
            let outcome = ParserVerifier.verify(text)
            #expect(outcome.error == nil)
            #expect(outcome.requests.count == count)
        }
    }
}
