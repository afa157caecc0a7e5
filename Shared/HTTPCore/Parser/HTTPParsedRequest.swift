/// A complete request as the parser produces it: the request plus what the connection
/// needs to know about it (version and whether it may stay open afterwards).
public struct HTTPParsedRequest: Sendable {
    public var request: HTTPRequest
    /// The minor version: 1 for HTTP/1.1, 0 for HTTP/1.0.
    public var minorVersion: Int
    /// False when the client asked to close (`Connection: close`, or HTTP/1.0 without
    /// `Connection: keep-alive`).
    public var keepAlive: Bool

    public init(request: HTTPRequest, minorVersion: Int = 1, keepAlive: Bool = true) {
        self.request = request
        self.minorVersion = minorVersion
        self.keepAlive = keepAlive
    }
}

/// What one call of `HTTPRequestParser.parse(_:)` produced, and how many input bytes it took.
public struct HTTPParserStep: Sendable {
    /// Input bytes consumed; never more than given. Unconsumed bytes belong to a later call.
    public var consumed: Int
    public var output: Output

    /// The event of a step.
    public enum Output: Sendable {
        /// Every given byte was consumed (the parser keeps partial state); feed more.
        case needMoreData
        /// The head asked for `Expect: 100-continue` and a body follows: answer
        /// `HTTP/1.1 100 Continue` now (the request was not refused), then keep feeding.
        case expectContinue
        /// A complete request. Bytes after it (pipelined requests) were not consumed.
        case request(HTTPParsedRequest)
    }
}
