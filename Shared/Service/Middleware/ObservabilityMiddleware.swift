import SluiceHTTP
import SluiceHTTPCore
import SluiceObservability
import Synchronization

/// The outermost middleware of every service: continues the caller's W3C trace (a
/// malformed `traceparent` starts a new trace, never an error), answers every response
/// with the request span's `traceparent`, records `http_server_requests_total` and
/// `http_server_request_duration_seconds` by route pattern, method and status, and logs
/// server errors with the request id and trace id.
public struct ObservabilityMiddleware: HTTPMiddleware {
    private let requests: CounterFamily
    private let durations: HistogramFamily
    private let logger: Logger
    /// The two series of each (route, method, status), found once: one lookup per request
    /// instead of two label-array lookups.
    private let series = SeriesCache()

    final class SeriesCache: Sendable {
        let table = Mutex<[SeriesKey: RequestSeries]>([:])
    }

    struct SeriesKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    struct RequestSeries: Sendable {
        let count: Counter
        let duration: Histogram
    }

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
        let key = SeriesKey(route: context.route, method: request.method.rawValue, status: response.status.code)
        let found = series.table.withLock { table in
            if let found = table[key] { return found }
            let labels = [key.route, key.method, String(key.status)]
            let created = RequestSeries(count: requests.labels(labels), duration: durations.labels(labels))
            table[key] = created
            return created
        }
        found.count.increment()
        found.duration.observe(seconds)
        return response
    }
}
