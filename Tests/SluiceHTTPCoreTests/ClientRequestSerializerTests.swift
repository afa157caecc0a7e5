import Testing
@testable import SluiceHTTPCore

@Suite struct ClientRequestSerializerTests {
    @Test func writesRequestLineHostHeadersLengthAndBody() throws {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        headers.add(name: "Content-Length", value: "999")
        headers.add(name: "Host", value: "evil")
        let bytes = try HTTPRequestSerializer.serialize(
            method: .post, target: "/v1/x?a=1", hostHeader: "cache:8080", headers: headers, body: Array("{}".utf8))
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "POST /v1/x?a=1 HTTP/1.1\r\nHost: cache:8080\r\nAccept: application/json\r\nContent-Length: 2\r\n\r\n{}")
    }

    @Test func getWithoutBodyHasNoContentLengthButEmptyPostHasZero() throws {
        let get = try HTTPRequestSerializer.serialize(method: .get, target: "/", hostHeader: "h", headers: [:], body: [])
        #expect(String(decoding: get, as: UTF8.self) == "GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        let post = try HTTPRequestSerializer.serialize(method: .post, target: "/", hostHeader: "h", headers: [:], body: [])
        #expect(String(decoding: post, as: UTF8.self).contains("Content-Length: 0\r\n"))
    }

    @Test func headerInjectionIsRejected() {
        #expect(throws: HTTPRequestSerializationError.invalidHeaderValue(name: "X-A")) {
            try HTTPRequestSerializer.serialize(
                method: .get, target: "/", hostHeader: "h", headers: ["X-A": "1\r\nX-Evil: 2"], body: [])
        }
        #expect(throws: HTTPRequestSerializationError.invalidHeaderName) {
            try HTTPRequestSerializer.serialize(method: .get, target: "/", hostHeader: "h", headers: ["A B": "1"], body: [])
        }
        #expect(throws: HTTPRequestSerializationError.invalidTarget) {
            try HTTPRequestSerializer.serialize(method: .get, target: "/a b", hostHeader: "h", headers: [:], body: [])
        }
    }

    @Test func urlsAreSplitIntoHostPortAndTarget() throws {
        let url = try HTTPClientURL(parsing: "http://analytics:8081/v1/runs?x=1#frag")
        #expect(url == HTTPClientURL(host: "analytics", port: 8081, target: "/v1/runs?x=1"))
        #expect(url.hostHeader == "analytics:8081")
        let bare = try HTTPClientURL(parsing: "http://127.0.0.1")
        #expect(bare == HTTPClientURL(host: "127.0.0.1", port: 80, target: "/"))
        #expect(bare.hostHeader == "127.0.0.1")
        let query = try HTTPClientURL(parsing: "http://h?q=1")
        #expect(query.target == "/?q=1")
        let v6 = try HTTPClientURL(parsing: "http://[::1]:9000/x")
        #expect(v6.host == "::1" && v6.port == 9000 && v6.hostHeader == "[::1]:9000")
        #expect(throws: HTTPClientURLError.unsupportedScheme) { try HTTPClientURL(parsing: "https://h/") }
        #expect(throws: HTTPClientURLError.invalidPort) { try HTTPClientURL(parsing: "http://h:99999/") }
        #expect(throws: HTTPClientURLError.invalidPort) { try HTTPClientURL(parsing: "http://h:/") }
        #expect(throws: HTTPClientURLError.userInfoNotSupported) { try HTTPClientURL(parsing: "http://u:p@h/") }
        #expect(throws: HTTPClientURLError.invalidHost) { try HTTPClientURL(parsing: "http:///x") }
        #expect(throws: HTTPClientURLError.invalidCharacter) { try HTTPClientURL(parsing: "http://h/a b") }
    }
}
