import SluiceHTTP
import SluiceHTTPCore

/// Guards a whole router: for every matched route, `requirement` names the permission it
/// needs (nil leaves the route open, e.g. `/healthz`, `/readyz`, `/metrics`), and requests
/// without a key covering it are answered 401/403 before the handler runs.
///
/// ```swift
/// router.add(middleware: AuthMiddleware(authenticator: auth) { request, context in
///     switch context.route {
///     case "/healthz", "/readyz", "/metrics", RequestContext.unmatchedRoute: nil
///     case "/v1/annotations/{analysis}": .read(topic: "*")   // or whatever the service decides
///     default: .admin
///     }
/// })
/// ```
///
/// Handlers that need the caller (its key id) call `Authenticator.authorize` themselves.
public struct AuthMiddleware: HTTPMiddleware {
    public let authenticator: Authenticator
    public let requirement: @Sendable (HTTPRequest, RequestContext) -> Permission?

    public init(
        authenticator: Authenticator, requirement: @escaping @Sendable (HTTPRequest, RequestContext) -> Permission?
    ) {
        self.authenticator = authenticator
        self.requirement = requirement
    }

    public func handle(
        _ request: HTTPRequest, context: RequestContext, next: (HTTPRequest, RequestContext) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        if let permission = requirement(request, context) {
            try authenticator.authorize(request, for: permission)
        }
        return try next(request, context)
    }
}
