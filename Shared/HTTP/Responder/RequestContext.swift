import SluiceHTTPCore
import SluiceObservability

/// Per-request facts handed to middleware and handlers. A plain struct: fields can be
/// added (trace context, logger) without changing any signature.
public struct RequestContext: Sendable {
    /// The `{name}` values of the matched route.
    public var parameters: PathParameters
    /// The matched route pattern (e.g. "/v1/topics/{topic}"), or `RequestContext.unmatchedRoute`
    /// for 404 and 405 answers. Use it as the route label in logs and metrics.
    public var route: String
    /// The peer's "address:port".
    public var remoteAddress: String
    /// Unique within this server process.
    public var requestID: RequestID
    /// The request's span, continuing the caller's `traceparent` (set by the service's
    /// observability middleware; nil before it runs).
    public var trace: TraceContext?
    /// The logger for this request: the service's, carrying the request's trace id and
    /// `request.id` once the observability middleware ran. Log through it in handlers.
    public var logger: Logger

    /// The route label of requests no route matched (404, 405).
    public static let unmatchedRoute = "<unmatched>"

    public init(
        parameters: PathParameters = PathParameters(), route: String = RequestContext.unmatchedRoute,
        remoteAddress: String = "", requestID: RequestID = RequestID(0),
        logger: Logger = Logger(service: "http")
    ) {
        self.logger = logger
        self.parameters = parameters
        self.route = route
        self.remoteAddress = remoteAddress
        self.requestID = requestID
    }
}

/// A request identifier: a number, shown as 16 hex digits. Made without allocating.
public struct RequestID: Sendable, Hashable, CustomStringConvertible {
    public let value: UInt64
    public init(_ value: UInt64) { self.value = value }
    public var description: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}
