import SluiceHTTPCore
import SluiceJSON
import Testing
@testable import SluiceHTTP

@Suite struct HTTPRequestJSONTests {
    func request(_ body: String, contentType: String? = "application/json") -> HTTPRequest {
        var headers = HTTPHeaders()
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        return HTTPRequest(method: .post, target: "/x", headers: headers, body: Array(body.utf8))
    }

    func error(_ body: () throws -> Any) -> HTTPError? {
        do { _ = try body() } catch let error as HTTPError { return error } catch { return nil }
        return nil
    }

    @Test func parsesJSONWithCharsetAndPlusJSONTypes() throws {
        #expect(try request(#"{"a":1}"#, contentType: "application/json; charset=utf-8").jsonBody()["a"] == 1)
        #expect(try request(#"[]"#, contentType: "application/cloudevents+json").jsonBody() == [])
    }

    @Test func wrongOrMissingContentTypeIs415() {
        #expect(error { try request("{}", contentType: "text/plain").jsonBody() }?.status == .unsupportedMediaType)
        #expect(error { try request("{}", contentType: nil).jsonBody() }?.status == .unsupportedMediaType)
    }

    @Test func malformedJSONIs400WithTheByteOffset() throws {
        let failure = try #require(error { try request(#"{"a":1,}"#).jsonBody() })
        #expect(failure.status == .badRequest)
        #expect(failure.problem.detail?.contains("byte 7") == true)
        #expect(error { try request("\u{FF}").jsonBody() }?.status == .badRequest)
        let deep = String(repeating: "[", count: 10_000)
        #expect(error { try request(deep).jsonBody() }?.status == .badRequest)
    }

    @Test func wrongShapeIs422NamingThePath() throws {
        struct Body: Decodable { let name: String; let count: Int }
        let failure = try #require(error { try request(#"{"name":"x","count":"many"}"#).decodeJSON(Body.self) })
        #expect(failure.status == .unprocessableContent)
        #expect(failure.problem.errors.first?.path == "$.count")
    }

    @Test func queryItemsArePercentDecoded() {
        let request = HTTPRequest(method: .get, target: "/x?from=2026-03-02T14%3A00%3A00Z&group=country:DE&q=a+b&flag")
        #expect(request.query("from") == "2026-03-02T14:00:00Z")
        #expect(request.query("group") == "country:DE")
        #expect(request.query("q") == "a b")
        #expect(request.query("flag") == "")
        #expect(request.query("missing") == nil)
    }

    @Test func jsonResponsesCarryTheContentType() {
        let response = HTTPResponse.json(["n": 3], status: .created)
        #expect(response.status == .created)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"n":3}"#)
    }
}
