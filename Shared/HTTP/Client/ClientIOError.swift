import SluiceHTTPCore

/// What went wrong with one attempt on one connection, before it is turned into a public
/// `HTTPClientError` and a retry class.
enum ClientIOError: Error {
    case resolutionFailed
    case connectRefused
    case connectFailed(errno: Int32)
    case connectTimeout
    /// Writing the request failed; the peer cannot have received all of it.
    case writeFailed
    case writeTimeout
    case readTimeout
    /// The call's total deadline ran out during this step.
    case deadlineExceeded
    /// The peer closed or reset the connection; `afterResponseBytes` tells whether any
    /// byte of a response had arrived (if not, a reused connection may simply be stale).
    case closed(afterResponseBytes: Bool)
    case parse(HTTPResponseParseError)

    /// True when a reused keep-alive connection turned out to be closed by the peer before
    /// answering: the classic stale keep-alive race.
    var looksLikeStaleConnection: Bool {
        switch self {
        case .writeFailed, .closed(afterResponseBytes: false): true
        default: false
        }
    }
}
