import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluicePostgres

/// The problem `type` URIs Ingest adds.
public enum IngestProblemType {
    public static let unknownTopic = "urn:sluice:problem:unknown-topic"
    public static let incompatibleSchema = "urn:sluice:problem:incompatible-schema"
    public static let batchTooLarge = "urn:sluice:problem:batch-too-large"
    public static let rateLimited = "urn:sluice:problem:rate-limited"
}

/// Runs an event log call, turning its errors into what the HTTP layer answers: unavailable
/// storage becomes 503 + Retry-After (nothing was stored), an unknown topic 404, a bad name 400.
func ingestStep<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as EventLogError {
        switch error {
        case .unavailable: throw unavailableError()
        case .unknownTopic(let topic): throw TopicRegistry.unknownTopic(topic.rawValue)
        case .invalidTopicName: throw HTTPError(.badRequest, detail: error.description, type: ProblemType.validation)
        default: throw error
        }
    }
}

/// 503 with Retry-After: the database could not be reached; nothing of the request was stored.
func unavailableError() -> HTTPError {
    HTTPError(
        .serviceUnavailable, detail: "the database is unavailable; nothing was stored, try again later",
        type: ProblemType.unavailable, headers: ["Retry-After": "5"])
}

/// 503 with Retry-After: PostgreSQL kept rolling the request's transaction back to resolve
/// deadlocks (`EventLogError.conflict`, already retried); nothing of it was stored.
func conflictError() -> HTTPError {
    HTTPError(
        .serviceUnavailable, detail: "the database kept aborting the transaction; nothing was stored, try again",
        type: ProblemType.unavailable, headers: ["Retry-After": "1"])
}

/// Answers 503 + Retry-After for every way "the database is unreachable" can surface that the
/// shared `DatabaseUnavailableMiddleware` does not know: a failed BEGIN/COMMIT
/// (`PostgresTransactionError`) and the event log's `.unavailable`.
struct IngestUnavailableMiddleware: HTTPMiddleware {
    func handle(
        _ request: HTTPRequest, context: RequestContext, next: (HTTPRequest, RequestContext) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        do {
            return try next(request, context)
        } catch let error as PostgresTransactionError where error.isUnavailable {
            throw unavailableError()
        } catch let error as EventLogError {
            if case .unavailable = error { throw unavailableError() }
            if case .conflict = error { throw conflictError() }
            throw error
        }
    }
}
