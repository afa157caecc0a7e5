import SluiceHTTPCore

extension ClientIOError {
    /// True when the peer cannot have received the whole request.
    var requestNeverLeft: Bool {
        switch self {
        case .resolutionFailed, .connectRefused, .connectFailed, .connectTimeout, .writeFailed: true
        default: false
        }
    }

    /// How the retry policy sees this failure.
    var retryFailure: RetryPolicy.Failure {
        switch self {
        case .resolutionFailed, .connectRefused, .connectFailed, .connectTimeout, .writeFailed: .notSent
        case .writeTimeout, .readTimeout, .closed: .sentThenFailed
        case .deadlineExceeded, .parse: .permanent
        }
    }

    /// What the peer's circuit breaker learns: nil when the failure says nothing about the
    /// peer (name resolution, or our own deadline ran out before the peer was reached).
    var breakerOutcome: CircuitBreaker.Outcome? {
        switch self {
        case .resolutionFailed: nil
        case .parse(.bodyTooLarge), .parse(.headersTooLarge): .success  // the peer answered; our limit
        default: .failure
        }
    }

    /// The public error.
    var publicError: HTTPClientError {
        switch self {
        case .resolutionFailed: .nameResolutionFailed
        case .connectRefused: .connectionRefused
        case .connectFailed(let errno): .connectFailed(errno: errno)
        case .connectTimeout: .connectTimeout
        case .writeFailed, .closed: .connectionClosed
        case .writeTimeout: .writeTimeout
        case .readTimeout: .readTimeout
        case .deadlineExceeded: .deadlineExceeded
        case .parse(.bodyTooLarge), .parse(.headersTooLarge): .responseTooLarge
        case .parse(let error): .malformedResponse(error.description)
        }
    }
}
