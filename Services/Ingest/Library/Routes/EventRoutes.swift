import SluiceAuth
import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

extension IngestService {
    /// `POST /v1/topics/{topic}/events` (produce scope) and `GET` of the same (read scope).
    func addEventRoutes(to router: inout Router) {
        router.post("/v1/topics/{topic}/events") { [self] request, context in
            let receivedAt = Timestamp.now()
            let topic = context.parameters["topic"] ?? ""
            let principal = try authorize(request, .produce(topic: topic))
            try request.requireJSONContentType()
            let events = try IngestRequest(body: request.body, maxEvents: runtime.configuration.ingestMaxBatch)
            let result = try ingestor.ingest(
                topic: topic, request: events, producerKeyID: principal.keyID,
                traceparent: Self.validTraceparent(request.headers["traceparent"]), receivedAt: receivedAt)
            return .json(result.json)
        }
        router.get("/v1/topics/{topic}/events") { [self] request, context in
            let topic = context.parameters["topic"] ?? ""
            try authorize(request, .read(topic: topic))
            let query = try LogQuery(request)
            _ = try registry.requireTopic(topic)
            guard let name = TopicName(topic) else { throw TopicRegistry.unknownTopic(topic) }
            let records = try ingestStep {
                if let range = query.timeRange {
                    try log.read(topic: name, timeRange: range, after: query.after, limit: query.limit)
                } else {
                    try log.read(topic: name, after: query.after, limit: query.limit)
                }
            }
            return .json([
                "events": .array(records.map(Self.eventJSON)),
                "nextAfter": .number(JSONNumber(records.last?.offset ?? query.after)),
            ])
        }
    }

    /// `{"offset", "id", "time", "receivedAt", "schemaVersion", "data", "traceparent"?}`.
    static func eventJSON(_ record: LogRecord) -> JSONValue {
        var object: JSONObject = [
            "offset": .number(JSONNumber(record.offset)), "id": .string(record.id), "time": .string(record.time.rfc3339),
            "receivedAt": .string(record.appendedAt.rfc3339),
            "schemaVersion": record.attributes.schemaVersion.map { .number(JSONNumber($0)) } ?? .null,
            "data": record.payload,
        ]
        if let traceparent = record.attributes.traceparent { object["traceparent"] = .string(traceparent) }
        return .object(object)
    }

    /// The producer's `traceparent` when it is a well-formed W3C version-00 value, else nil.
    static func validTraceparent(_ value: String?) -> String? {
        guard let value else { return nil }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        let hex = { (part: Substring, count: Int) in
            part.utf8.count == count && part.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        }
        guard parts.count == 4, parts[0] == "00", hex(parts[1], 32), hex(parts[2], 16), hex(parts[3], 2),
            parts[1] != Substring(String(repeating: "0", count: 32)), parts[2] != Substring(String(repeating: "0", count: 16))
        else { return nil }
        return value
    }
}

/// `?after=<offset>&limit=` or `?from=&to=` (RFC 3339, half-open; `after` pages within it).
struct LogQuery {
    var after: Int64 = 0
    var limit = 100
    var timeRange: Range<Timestamp>?

    init(_ request: HTTPRequest) throws {
        var errors: [ProblemDetails.FieldError] = []
        if let text = request.query("after") {
            if let value = Int64(text), value >= 0 { after = value } else {
                errors.append(.init(path: "after", message: "expected an offset, a whole number >= 0"))
            }
        }
        if let text = request.query("limit") {
            if let value = Int(text), (1...1000).contains(value) { limit = value } else {
                errors.append(.init(path: "limit", message: "expected a whole number from 1 to 1000"))
            }
        }
        let from = request.query("from")
        let to = request.query("to")
        if from != nil || to != nil {
            let start = from.flatMap { try? Timestamp(rfc3339: $0) }
            let end = to.flatMap { try? Timestamp(rfc3339: $0) }
            if start == nil { errors.append(.init(path: "from", message: "expected an RFC 3339 timestamp")) }
            if end == nil { errors.append(.init(path: "to", message: "expected an RFC 3339 timestamp")) }
            if let start, let end {
                if start < end { timeRange = start..<end } else {
                    errors.append(.init(path: "to", message: "must be later than from"))
                }
            }
        }
        guard errors.isEmpty else {
            throw HTTPError(.badRequest, detail: "invalid query parameters", type: ProblemType.validation, errors: errors)
        }
    }
}
