import SluiceHTTPCore

/// One request for `HTTPClient.execute`.
///
/// ```swift
/// var request = HTTPClientRequest(method: .post, url: "http://analytics:8081/v1/runs", body: json)
/// request.headers.add(name: "Content-Type", value: "application/json")
/// request.traceparent = context.traceparent
/// ```
public struct HTTPClientRequest: Sendable {
    public var method: HTTPMethod
    /// `http://host[:port][/path][?query]`.
    public var url: String
    /// Extra header fields. `Host`, `Content-Length`, `Transfer-Encoding` and `Connection`
    /// are owned by the client and replaced.
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Overrides whether the request may be repeated safely; nil derives it from the method
    /// (GET, HEAD, PUT, DELETE, OPTIONS are idempotent). Mark a POST idempotent when it
    /// carries a deterministic identifier the peer deduplicates on.
    public var idempotent: Bool?
    /// A W3C `traceparent` value, sent as the `traceparent` header when set.
    public var traceparent: String?
    /// Per-request overrides of the configuration's timeouts.
    public var connectTimeout: Duration?
    public var readTimeout: Duration?
    /// The total budget of this call, retries and backoff included.
    public var deadline: Duration?

    public init(
        method: HTTPMethod = .get, url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        idempotent: Bool? = nil, traceparent: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.idempotent = idempotent
        self.traceparent = traceparent
    }
}
