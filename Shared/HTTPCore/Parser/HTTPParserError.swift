/// Why a request was refused by the parser. Each case knows the status to answer with;
/// after any of them the connection answers with `Connection: close` and closes.
public enum HTTPParserError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Request line plus headers over `HTTPLimits.maxHeadBytes`, or too many fields (431).
    case headersTooLarge
    /// Declared Content-Length or de-chunked body over `HTTPLimits.maxBodyBytes` (413).
    case bodyTooLarge
    /// Malformed syntax or ambiguous framing (400). The reason is for logs and tests.
    case malformed(MalformedReason)
    /// A transfer coding other than a lone final `chunked` (501).
    case unsupportedTransferCoding
    /// An HTTP version other than 1.0 and 1.1 (505).
    case unsupportedVersion

    /// The status to answer with.
    public var status: HTTPStatus {
        switch self {
        case .headersTooLarge: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .contentTooLarge
        case .malformed: .badRequest
        case .unsupportedTransferCoding: .notImplemented
        case .unsupportedVersion: HTTPStatus(code: 505, reasonPhrase: "HTTP Version Not Supported")
        }
    }

    public var description: String {
        switch self {
        case .headersTooLarge: "request head too large"
        case .bodyTooLarge: "request body too large"
        case .malformed(let reason): "malformed request: \(reason.rawValue)"
        case .unsupportedTransferCoding: "unsupported transfer coding"
        case .unsupportedVersion: "unsupported HTTP version"
        }
    }

    /// What exactly was malformed (all answered with 400).
    public enum MalformedReason: String, Sendable, Equatable {
        case bareLineFeed = "bare LF where CRLF is required"
        case bareCarriageReturn = "CR not followed by LF"
        case requestLine = "invalid request line"
        case method = "invalid method token"
        case target = "invalid request target"
        case version = "invalid HTTP version"
        case headerName = "invalid header field name"
        case headerValue = "invalid header field value"
        case whitespaceBeforeColon = "whitespace between field name and colon"
        case obsoleteLineFolding = "obsolete line folding"
        case contentLengthAndTransferEncoding = "both Content-Length and Transfer-Encoding"
        case invalidContentLength = "invalid Content-Length"
        case conflictingContentLength = "differing Content-Length values"
        case chunkedNotFinal = "chunked is not the final transfer coding"
        case transferEncodingInHTTP10 = "Transfer-Encoding in an HTTP/1.0 request"
        case invalidChunkSize = "invalid chunk size"
        case invalidChunkTerminator = "chunk data not followed by CRLF"
        case host = "missing or repeated Host"
    }
}
