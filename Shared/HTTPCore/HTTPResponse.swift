/// An HTTP response built by a handler. The server adds framing headers (Content-Length,
/// Connection, Date) itself.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Set for a streamed response (`HTTPResponse.streaming`); `body` is then unused.
    public var bodyStream: (any HTTPBodyStream)? = nil

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A plain-text response.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }
}

extension HTTPResponse {
    /// An `application/problem+json` response (RFC 9457) with the problem's status.
    public static func problem(_ problem: ProblemDetails, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/problem+json")
        return HTTPResponse(status: HTTPStatus(code: problem.status), headers: headers, body: problem.json())
    }

    /// A problem response for `status` with an optional detail.
    public static func problem(_ status: HTTPStatus, detail: String? = nil, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var response = problem(ProblemDetails(status: status, detail: detail), headers: headers)
        response.status = status
        return response
    }
}
