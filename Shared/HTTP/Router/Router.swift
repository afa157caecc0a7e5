import SluiceHTTPCore

/// Where a route's handler runs.
public enum RouteExecution: Sendable {
    /// On the bounded worker thread pool (the default): the handler may block.
    case worker
    /// Inline on the event loop, with no thread hop: only for cheap handlers that never
    /// block (health, metrics, benchmarks).
    case eventLoop
}

/// A route handler.
public typealias RouteHandler = @Sendable (HTTPRequest, RequestContext) throws -> HTTPResponse

/// Decides, on the event loop, whether a request of an `inlineWhen` route can run inline.
public typealias InlineProbe = @Sendable (HTTPRequest, PathParameters) -> Bool

/// Routes requests by method and path pattern, then runs the middleware chain and the
/// handler. Unknown paths get 404 and known paths with another method 405 with `Allow`,
/// both through the middleware chain with route label `RequestContext.unmatchedRoute`.
///
///     var router = Router()
///     router.add(middleware: RequestLogger())
///     router.get("/healthz", execution: .eventLoop) { _, _ in .text("ok") }
///     router.get("/v1/topics/{topic}") { request, context in .text(context.parameters["topic"]!) }
public struct Router: HTTPResponder {
    struct Route: Sendable {
        var execution: RouteExecution
        var handler: RouteHandler
        /// For `on(_:_:inlineWhen:handler:)` routes: true when this request may run inline.
        var inlineWhen: InlineProbe? = nil
    }

    /// A request's route, found before anything runs.
    struct Resolved: Sendable {
        var execution: RouteExecution
        var route: String
        var parameters: PathParameters
        var terminal: Terminal
    }

    enum Terminal: Sendable {
        case handler(RouteHandler)
        case notFound
        case methodNotAllowed([HTTPMethod])
    }

    private var table = RouteTable<Route>()
    private var middlewares: [any HTTPMiddleware] = []

    public init() {}

    /// Adds a route for `method` and `pattern` (literal segments and `{name}` parameters).
    public mutating func on(
        _ method: HTTPMethod, _ pattern: String, execution: RouteExecution = .worker,
        handler: @escaping RouteHandler
    ) {
        table.add(method, RoutePattern(pattern), Route(execution: execution, handler: handler))
    }

    public mutating func get(_ pattern: String, execution: RouteExecution = .worker, handler: @escaping RouteHandler) {
        on(.get, pattern, execution: execution, handler: handler)
    }
    public mutating func post(_ pattern: String, execution: RouteExecution = .worker, handler: @escaping RouteHandler) {
        on(.post, pattern, execution: execution, handler: handler)
    }
    public mutating func put(_ pattern: String, execution: RouteExecution = .worker, handler: @escaping RouteHandler) {
        on(.put, pattern, execution: execution, handler: handler)
    }
    public mutating func patch(_ pattern: String, execution: RouteExecution = .worker, handler: @escaping RouteHandler) {
        on(.patch, pattern, execution: execution, handler: handler)
    }
    public mutating func delete(_ pattern: String, execution: RouteExecution = .worker, handler: @escaping RouteHandler) {
        on(.delete, pattern, execution: execution, handler: handler)
    }
    public mutating func head(_ pattern: String, execution: RouteExecution = .worker, handler: @escaping RouteHandler) {
        on(.head, pattern, execution: execution, handler: handler)
    }

    /// Adds a route that runs inline on the event loop when `inlineWhen` says the request can be
    /// answered without blocking (e.g. from memory), and on a worker otherwise. The probe runs
    /// on the event loop before any middleware, with the route's parameters; it must be cheap
    /// and must not block. It is a hint: the handler must stay correct (if slower) either way.
    public mutating func on(
        _ method: HTTPMethod, _ pattern: String, inlineWhen: @escaping InlineProbe, handler: @escaping RouteHandler
    ) {
        table.add(method, RoutePattern(pattern), Route(execution: .worker, handler: handler, inlineWhen: inlineWhen))
    }

    /// Appends a middleware; the first added runs first (outermost).
    public mutating func add(middleware: some HTTPMiddleware) {
        middlewares.append(middleware)
    }

    /// Matches, then runs middleware and handler; errors become their responses.
    public func respond(to request: HTTPRequest, context: RequestContext) throws -> HTTPResponse {
        var context = context
        let resolved = resolve(request)
        context.route = resolved.route
        context.parameters = resolved.parameters
        return run(resolved, request: request, context: context)
    }

    func resolve(_ request: HTTPRequest) -> Resolved {
        switch table.match(request.method, path: request.path) {
        case .matched(let route, let pattern, let parameters):
            var execution = route.execution
            if let inlineWhen = route.inlineWhen, inlineWhen(request, parameters) { execution = .eventLoop }
            return Resolved(
                execution: execution, route: pattern.text, parameters: parameters, terminal: .handler(route.handler))
        case .notFound:
            return Resolved(
                execution: .worker, route: RequestContext.unmatchedRoute, parameters: PathParameters(),
                terminal: .notFound)
        case .methodNotAllowed(let allowed):
            return Resolved(
                execution: .worker, route: RequestContext.unmatchedRoute, parameters: PathParameters(),
                terminal: .methodNotAllowed(allowed))
        }
    }

    /// Runs the chain for a resolved request. Never throws: errors become responses.
    func run(_ resolved: Resolved, request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        do {
            return try runChain(from: 0, request: request, context: context, terminal: resolved.terminal)
        } catch {
            return responseForThrown(error)
        }
    }

    private func runChain(
        from index: Int, request: HTTPRequest, context: RequestContext, terminal: Terminal
    ) throws -> HTTPResponse {
        guard index < middlewares.count else {
            switch terminal {
            case .handler(let handler): return try handler(request, context)
            case .notFound: throw HTTPError(.notFound)
            case .methodNotAllowed(let allowed):
                throw HTTPError(
                    .methodNotAllowed, headers: ["Allow": allowed.map(\.rawValue).joined(separator: ", ")])
            }
        }
        return try middlewares[index].handle(request, context: context) { request, context in
            try runChain(from: index + 1, request: request, context: context, terminal: terminal)
        }
    }
}
