import Testing
@testable import SluiceHTTPCore

@Suite struct HTTPHeadersTests {
    @Test func namesCompareCaseInsensitively() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain"]
        #expect(headers["content-type"] == "text/plain")
        headers.add(name: "X-A", value: "1")
        headers.add(name: "x-a", value: "2")
        #expect(headers.values(for: "X-a") == ["1", "2"])
        headers.replaceOrAdd(name: "X-A", value: "3")
        #expect(headers.values(for: "x-A") == ["3"])
        #expect(!HTTPHeaders.equalNames("abc", "abd"))
    }

    @Test func requestSplitsPathAndQuery() {
        let request = HTTPRequest(method: .get, target: "/v1/x?a=1&b=2")
        #expect(request.path == "/v1/x")
        #expect(request.query == "a=1&b=2")
        #expect(HTTPRequest(method: .get, target: "/").query == nil)
    }
}
