import SluiceHTTPCore

/// A request checked and serialized once, with its timeouts resolved, reused by every
/// attempt of one `execute` call.
struct PreparedCall {
    let url: HTTPClientURL
    let method: HTTPMethod
    let bytes: [UInt8]
    let idempotent: Bool
    let connectTimeout: UInt64
    let readTimeout: UInt64
    /// Monotonic nanoseconds after which the call gives up.
    let deadline: UInt64

    init(_ request: HTTPClientRequest, configuration: HTTPClientConfiguration, deadline: UInt64) throws(HTTPClientError) {
        do {
            url = try HTTPClientURL(parsing: request.url)
        } catch {
            throw .invalidURL(error.description)
        }
        var headers = request.headers
        if let traceparent = request.traceparent { headers.replaceOrAdd(name: "traceparent", value: traceparent) }
        do {
            bytes = try HTTPRequestSerializer.serialize(
                method: request.method, target: url.target, hostHeader: url.hostHeader, headers: headers,
                body: request.body)
        } catch {
            throw .invalidRequest(error.description)
        }
        method = request.method
        idempotent = request.idempotent ?? RetryPolicy.isIdempotent(request.method)
        connectTimeout = (request.connectTimeout ?? configuration.connectTimeout).clampedNanoseconds
        readTimeout = (request.readTimeout ?? configuration.readTimeout).clampedNanoseconds
        self.deadline = deadline
    }
}
