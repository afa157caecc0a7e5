import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

/// The events of a `POST /v1/topics/{topic}/events` body: one event object, or
/// `{"events": [...]}`. Pure parsing with the request-level failures:
/// 400 malformed JSON (with the byte offset; invalid UTF-8 and too-deep nesting included),
/// 400 when the body is not an object or `events` not an array, 413 over the count limit.
public struct IngestRequest: Sendable {
    public var events: [JSONValue]
    public var isBatch: Bool
    /// The markers of out-of-range numbers in this body.
    public var outOfRange: OutOfRangeNumbers

    public init(body: [UInt8], maxEvents: Int, limits: JSONParser.Limits = .default) throws {
        var outOfRange = OutOfRangeNumbers()
        let value: JSONValue
        do {
            value = try outOfRange.parse(body, limits: limits)
        } catch {
            throw HTTPError(
                .badRequest, detail: "malformed JSON: \(error.description)", type: ProblemType.malformedJSON,
                errors: [ProblemDetails.FieldError(path: "$", message: error.message)])
        }
        guard case .object(let object) = value else {
            throw HTTPError(
                .badRequest,
                detail: "the body must be a JSON object: one event, or {\"events\": [...]}, not \(value.kindName)",
                type: ProblemType.validation)
        }
        self.outOfRange = outOfRange
        if let batch = object["events"] {
            guard case .array(let items) = batch else {
                throw HTTPError(
                    .badRequest, detail: "'events' must be an array of events", type: ProblemType.validation,
                    errors: [.init(path: "$.events", message: "expected an array")])
            }
            guard items.count <= maxEvents else {
                throw HTTPError(
                    .contentTooLarge, detail: "a batch holds at most \(maxEvents) events; this one has \(items.count)",
                    type: IngestProblemType.batchTooLarge)
            }
            events = items
            isBatch = true
        } else {
            events = [value]
            isBatch = false
        }
    }
}
