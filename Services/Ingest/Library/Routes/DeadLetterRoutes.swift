import SluiceAuth
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

extension IngestService {
    /// `GET /v1/deadletters`, `POST /v1/deadletters/replay`, `DELETE /v1/deadletters/{id}` (admin).
    func addDeadLetterRoutes(to router: inout Router) {
        router.get("/v1/deadletters") { [self] request, _ in
            try authorize(request, .admin)
            var errors: [ProblemDetails.FieldError] = []
            let since = request.query("since").map { try? Timestamp(rfc3339: $0) }
            if case .some(.none) = since { errors.append(.init(path: "since", message: "expected an RFC 3339 timestamp")) }
            let after = request.query("after").map { Int64($0) } ?? 0
            if after == nil { errors.append(.init(path: "after", message: "expected a dead letter id")) }
            let limit = request.query("limit").map { Int($0).flatMap { (1...1000).contains($0) ? $0 : nil } } ?? 100
            if limit == nil { errors.append(.init(path: "limit", message: "expected a whole number from 1 to 1000")) }
            guard errors.isEmpty else {
                throw HTTPError(.badRequest, detail: "invalid query parameters", type: ProblemType.validation, errors: errors)
            }
            let letters = try DeadLetterStore.list(
                topic: request.query("topic"), since: since ?? nil, after: after ?? 0, limit: limit ?? 100,
                pool: runtime.database)
            return Self.deadLettersResponse(letters)
        }
        router.post("/v1/deadletters/replay") { [self] request, _ in
            try authorize(request, .admin)
            let body = try request.jsonBody()
            guard let topic = body["topic"]?.string else {
                throw HTTPError(
                    .unprocessableContent, detail: "send {\"topic\": ..., \"ids\"?: [...]}", type: ProblemType.validation,
                    errors: [.init(path: "$.topic", message: "expected a topic name")])
            }
            var ids: [Int64]?
            if let value = body["ids"], !value.isNull {
                guard let items = value.array, let parsed = Optional(items.compactMap(\.int64)), parsed.count == items.count
                else {
                    throw HTTPError(
                        .unprocessableContent, detail: "ids must be an array of dead letter ids",
                        type: ProblemType.validation, errors: [.init(path: "$.ids", message: "expected an array of integers")])
                }
                ids = parsed
            }
            _ = try registry.requireTopic(topic)
            let (replayed, still) = try DeadLetterReplayer(ingestor: ingestor).replay(topic: topic, ids: ids)
            return .json(["replayed": .number(JSONNumber(replayed)), "stillRejected": .number(JSONNumber(still))])
        }
        router.delete("/v1/deadletters/{id}") { [self] request, context in
            try authorize(request, .admin)
            guard let id = Int64(context.parameters["id"] ?? ""), try DeadLetterStore.discard(id: id, pool: runtime.database)
            else { throw HTTPError(.notFound, detail: "no dead letter has this id") }
            return HTTPResponse(status: .noContent)
        }
    }

    /// `{"deadLetters": [...], "nextAfter": id}`; each event is the JSON as sent, spliced in
    /// after serialization so numbers beyond double range come back verbatim.
    static func deadLettersResponse(_ letters: [DeadLetter]) -> HTTPResponse {
        var markers = OutOfRangeNumbers()
        let items: [JSONValue] = letters.map { letter in
            [
                "id": .number(JSONNumber(letter.id)), "topic": .string(letter.topic),
                "event": (try? markers.parse(Array(letter.eventText.utf8), limits: .default)) ?? .string(letter.eventText),
                "errors": letter.errors.json, "receivedAt": .string(letter.receivedAt.rfc3339),
                "schemaVersion": letter.schemaVersion.map { .number(JSONNumber($0)) } ?? .null,
            ]
        }
        let body: JSONValue = ["deadLetters": .array(items), "nextAfter": .number(JSONNumber(letters.last?.id ?? 0))]
        return HTTPResponse(
            status: .ok, headers: ["Content-Type": "application/json"],
            body: markers.restore(in: JSONSerializer.serialize(body)))
    }
}
