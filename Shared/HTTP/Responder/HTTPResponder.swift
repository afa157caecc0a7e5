import SluiceHTTPCore

/// Anything that answers requests: the `Router`, each middleware link, a closure.
/// A thrown `HTTPResponseError` becomes its problem response; any other error becomes a
/// bare 500 problem that reveals nothing about the failure.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest, context: RequestContext) throws -> HTTPResponse
}

/// A closure as a responder.
public struct ClosureResponder: HTTPResponder {
    let body: @Sendable (HTTPRequest, RequestContext) throws -> HTTPResponse
    public init(_ body: @escaping @Sendable (HTTPRequest, RequestContext) throws -> HTTPResponse) { self.body = body }
    public func respond(to request: HTTPRequest, context: RequestContext) throws -> HTTPResponse {
        try body(request, context)
    }
}
