import SluiceHTTP
import SluiceHTTPCore
import SluiceObservability

/// The outermost middleware of every service: continues the caller's W3C trace (a
/// malformed `traceparent` starts a new trace, never an error), answers every response
/// with the request span's `traceparent`, records `http_server_requests_total` and
/// `http_server_request_duration_seconds` by route pattern, method and status, and logs
/// server errors with the request id and trace id.
public struct ObservabilityMiddleware: HTTPMiddleware {
    private let requests: CounterFamily
    private let durations: HistogramFamily
    private let logger: Logger

    public init(metrics: MetricsRegistry, logger: Logger) {
        requests = metrics.counter(
            "http_server_requests_total", help: "HTTP requests answered, by route pattern, method and status.",
            labelNames: ["route", "method", "status"])
        durations = metrics.histogram(
            "http_server_request_duration_seconds",
            help: "Time from a complete request to its response, by route pattern, method and status.",
            labelNames: ["route", "method", "status"])
        self.logger = logger
    }

    public func handle(
        _ request: HTTPRequest, context: RequestContext, next: (HTTPRequest, RequestContext) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        let started = ContinuousClock.now
        var context = context
        let trace = TraceContext.continuing(traceparent: request.headers["traceparent"])
        context.trace = trace
        var requestLogger = logger.with(traceID: trace.traceID)
        requestLogger[metadataKey: "request.id"] = context.requestID.description
        context.logger = requestLogger
        var response: HTTPResponse
        do {
            response = try next(request, context)
        } catch {
            response = responseForThrown(error)
            if response.status.code >= 500 {
                requestLogger.error(
                    "request failed", [
                        ("http.route", context.route),
                        ("http.method", request.method.rawValue), ("error", String(describing: error)),
                    ])
            }
        }
        response.headers.replaceOrAdd(name: "traceparent", value: trace.traceparent)
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let labels = [context.route, request.method.rawValue, String(response.status.code)]
        requests.labels(labels).increment()
        durations.labels(labels).observe(seconds)
        return response
    }
}
