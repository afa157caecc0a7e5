/// Why an HTTP/1.1 response could not be parsed. Descriptions name the fault, never the
/// bytes received, so they are safe to log.
public enum HTTPResponseParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status line is not `HTTP/1.x NNN reason`.
    case invalidStatusLine
    /// A header line has no colon, an empty or invalid name, or a control character.
    case invalidHeader
    /// The status line and headers (or the chunked trailers) exceed `maxHeaderBytes`.
    case headersTooLarge
    /// The body exceeds `maxBodyBytes`.
    case bodyTooLarge
    /// Content-Length is not a decimal number, or several differ.
    case invalidContentLength
    /// A chunk-size line or the CRLF after a chunk is malformed.
    case invalidChunkedEncoding
    /// `101 Switching Protocols`: this client never asks for an upgrade.
    case unexpectedUpgrade
    /// The peer closed the connection before sending a single byte of a response.
    case closedBeforeResponse
    /// The peer closed the connection in the middle of a response.
    case truncatedResponse

    public var description: String {
        switch self {
        case .invalidStatusLine: "invalid status line"
        case .invalidHeader: "invalid header field"
        case .headersTooLarge: "response headers too large"
        case .bodyTooLarge: "response body too large"
        case .invalidContentLength: "invalid Content-Length"
        case .invalidChunkedEncoding: "invalid chunked encoding"
        case .unexpectedUpgrade: "unexpected 101 Switching Protocols"
        case .closedBeforeResponse: "connection closed before any response byte"
        case .truncatedResponse: "connection closed in the middle of a response"
        }
    }
}
