/// Why an `HTTPClient` call failed. Descriptions are generic enough to log and to show:
/// they never contain the URL, headers or body.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not a valid `http://` URL; the text says what is wrong.
    case invalidURL(String)
    /// The request cannot be written (say, a header value with CR/LF); the text says why.
    case invalidRequest(String)
    /// The host name did not resolve.
    case nameResolutionFailed
    /// The peer refused the connection (nothing listens on the port).
    case connectionRefused
    /// Connecting failed for another reason (errno given: network unreachable, ...).
    case connectFailed(errno: Int32)
    /// No connection within the connect timeout.
    case connectTimeout
    /// The peer stopped accepting request bytes for longer than the read timeout.
    case writeTimeout
    /// No response bytes for longer than the read timeout.
    case readTimeout
    /// The peer closed or reset the connection before the response was complete.
    case connectionClosed
    /// The call's total deadline (retries included) ran out.
    case deadlineExceeded
    /// The peer's circuit breaker is open: the call failed fast without touching the network.
    case circuitOpen
    /// The response's headers or body exceed the configured limits.
    case responseTooLarge
    /// The peer's bytes are not a valid HTTP/1.1 response; the text names the fault.
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .invalidURL(let reason): "invalid URL: \(reason)"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .nameResolutionFailed: "host name did not resolve"
        case .connectionRefused: "connection refused"
        case .connectFailed(let errno): "connect failed (errno \(errno))"
        case .connectTimeout: "connect timed out"
        case .writeTimeout: "write timed out"
        case .readTimeout: "read timed out"
        case .connectionClosed: "connection closed before the response was complete"
        case .deadlineExceeded: "deadline exceeded"
        case .circuitOpen: "circuit open: peer failing, call not attempted"
        case .responseTooLarge: "response too large"
        case .malformedResponse(let reason): "malformed response: \(reason)"
        }
    }
}
