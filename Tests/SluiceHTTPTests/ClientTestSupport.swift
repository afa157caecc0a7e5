import Foundation
import SluiceHTTPCore
@testable import SluiceHTTP

/// A configuration with retries off and short timeouts, changed by `modify`.
func clientConfiguration(_ modify: (inout HTTPClientConfiguration) -> Void = { _ in }) -> HTTPClientConfiguration {
    var configuration = HTTPClientConfiguration()
    configuration.retryPolicy = .none
    configuration.connectTimeout = .seconds(1)
    configuration.readTimeout = .seconds(2)
    configuration.deadline = .seconds(5)
    modify(&configuration)
    return configuration
}

/// Runs `body` and returns its result with the seconds it took.
func timed<T>(_ body: () throws -> T) -> (result: Result<T, any Error>, seconds: Double) {
    let start = Date()
    let result = Result(catching: body)
    return (result, Date().timeIntervalSince(start))
}

extension Result {
    /// The client error this result failed with, if any.
    var failureValue: HTTPClientError? {
        if case .failure(let error) = self { return error as? HTTPClientError }
        return nil
    }
}

/// A peer that answers every request on every connection with `reply`, keeping connections open.
func keepAlivePeer(_ reply: @escaping @Sendable (Int) -> String = { _ in Reply.ok() }) throws -> ScriptedPeer {
    try ScriptedPeer { connection, _ in
        var served = 0
        while connection.readRequest() != nil {
            connection.write(reply(served))
            served += 1
        }
    }
}
