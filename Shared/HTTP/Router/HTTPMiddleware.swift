import SluiceHTTPCore

/// A link in the router's middleware chain. It runs after route matching, so
/// `context.route` is already known (or `RequestContext.unmatchedRoute` for 404/405,
/// which pass through middleware too). Call `next` to continue, or answer directly.
/// Middleware on event-loop routes runs on the event loop: it must not block there.
public protocol HTTPMiddleware: Sendable {
    func handle(
        _ request: HTTPRequest, context: RequestContext,
        next: (HTTPRequest, RequestContext) throws -> HTTPResponse
    ) throws -> HTTPResponse
}
