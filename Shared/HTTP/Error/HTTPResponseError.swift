import SluiceHTTPCore

/// An error that decides its own response: thrown from a handler or middleware, it is
/// answered with its status and problem details as `application/problem+json`.
public protocol HTTPResponseError: Error {
    var status: HTTPStatus { get }
    /// The problem document; by default just the status.
    var problem: ProblemDetails { get }
    /// Extra response headers (e.g. `Allow`, `Retry-After`).
    var headers: HTTPHeaders { get }
}

extension HTTPResponseError {
    public var problem: ProblemDetails { ProblemDetails(status: status) }
    public var headers: HTTPHeaders { HTTPHeaders() }

    /// The response this error is answered with.
    public func response() -> HTTPResponse {
        var response = HTTPResponse.problem(problem, headers: headers)
        response.status = status
        return response
    }
}

/// A ready-made `HTTPResponseError`: a status, an optional detail and field errors.
public struct HTTPError: HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    public var problem: ProblemDetails
    public var headers: HTTPHeaders

    public init(
        _ status: HTTPStatus, detail: String? = nil, type: String = "about:blank",
        errors: [ProblemDetails.FieldError] = [], headers: HTTPHeaders = HTTPHeaders()
    ) {
        self.status = status
        var problem = ProblemDetails(status: status, detail: detail, type: type)
        problem.errors = errors
        self.problem = problem
        self.headers = headers
    }

    public init(problem: ProblemDetails, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = HTTPStatus(code: problem.status)
        self.problem = problem
        self.headers = headers
    }

    public var description: String { "HTTPError(\(status))" }
}

/// Turns any thrown error into a response: its own for `HTTPResponseError`, otherwise a
/// bare 500 problem (the error itself is not revealed).
public func responseForThrown(_ error: any Error) -> HTTPResponse {
    if let error = error as? any HTTPResponseError { return error.response() }
    return .problem(.internalServerError)
}
