import SluiceHTTP
import SluiceHTTPCore
import SluicePostgres

/// Turns "the database cannot be reached" (connection lost, pool exhausted) into 503 with
/// Retry-After, instead of a 500: the client should try again, nothing was committed.
public struct DatabaseUnavailableMiddleware: HTTPMiddleware {
    public init() {}

    public func handle(
        _ request: HTTPRequest, context: RequestContext, next: (HTTPRequest, RequestContext) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        do {
            return try next(request, context)
        } catch let error as PostgresError where error.isUnavailable {
            throw HTTPError(
                .serviceUnavailable, detail: "the database is unavailable; nothing was stored, try again later",
                type: ProblemType.unavailable, headers: ["Retry-After": "5"])
        }
    }
}
