/// The bounds a request must stay within. Anything over a bound is refused with the status
/// the matching `HTTPParserError` names, before any routing happens.
public struct HTTPLimits: Sendable, Equatable {
    /// Bytes of request line plus header fields (and, separately, of a chunked body's
    /// trailer section and of any one chunk-size line). Over it: 431. Default 16 KiB.
    public var maxHeadBytes: Int
    /// Bytes of request body (declared Content-Length, or de-chunked bytes as they arrive).
    /// Over it: 413. Default 1 MiB.
    public var maxBodyBytes: Int
    /// Number of header fields. Over it: 431. Default 100.
    public var maxHeaderCount: Int

    public init(maxHeadBytes: Int = 16 * 1024, maxBodyBytes: Int = 1024 * 1024, maxHeaderCount: Int = 100) {
        self.maxHeadBytes = maxHeadBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderCount = maxHeaderCount
    }
}
