import SluiceAuth
import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluiceSchema

extension IngestService {
    /// `POST /v1/topics`, `GET /v1/topics`, `GET /v1/topics/{topic}`, schemas, drift.
    func addTopicRoutes(to router: inout Router) {
        router.post("/v1/topics") { [self] request, _ in
            try authorize(request, .admin)
            let body = try request.jsonBody()
            let spec = try TopicSpec(body)
            let info = try registry.createTopic(
                name: spec.name, description: spec.description, retentionDays: spec.retentionDays,
                compatibility: spec.compatibility)
            return .json(info.json, status: .created, headers: ["Location": "/v1/topics/\(info.name)"])
        }
        router.get("/v1/topics") { [self] request, _ in
            try authorize(request, nil)
            return .json(["topics": .array(try registry.listTopics().map(\.json))])
        }
        router.get("/v1/topics/{topic}") { [self] request, context in
            try authorize(request, nil)
            return .json(try registry.requireTopic(context.parameters["topic"] ?? "").json)
        }
        router.post("/v1/topics/{topic}/schemas") { [self] request, context in
            try authorize(request, .admin)
            let topic = context.parameters["topic"] ?? ""
            let body = try request.jsonBody()
            guard let schema = body["schema"] else {
                throw HTTPError(
                    .unprocessableContent, detail: "send {\"schema\": <JSON Schema>}", type: ProblemType.validation,
                    errors: [.init(path: "$.schema", message: "missing")])
            }
            let (version, isNew) = try registry.register(
                topic: topic, schemaJSON: schema, source: Self.source, traceparent: context.trace?.traceparent)
            return .json(
                ["version": .number(JSONNumber(version))], status: isNew ? .created : .ok,
                headers: ["Location": "/v1/topics/\(topic)/schemas/\(version)"])
        }
        router.get("/v1/topics/{topic}/schemas") { [self] request, context in
            try authorize(request, nil)
            let versions = try registry.schemas(topic: context.parameters["topic"] ?? "")
            return .json(["schemas": .array(versions.map(\.json))])
        }
        router.get("/v1/topics/{topic}/schemas/{version}") { [self] request, context in
            try authorize(request, nil)
            let topic = context.parameters["topic"] ?? ""
            let versions = try registry.schemas(topic: topic)
            let wanted = context.parameters["version"] ?? ""
            let version = wanted == "latest" ? versions.last : Int(wanted).flatMap { v in versions.first { $0.version == v } }
            guard let version else { throw HTTPError(.notFound, detail: "topic '\(topic)' has no schema version '\(wanted.prefix(20))'") }
            return .json(version.json)
        }
        router.get("/v1/topics/{topic}/drift") { [self] request, context in
            let topic = context.parameters["topic"] ?? ""
            try authorize(request, .read(topic: topic))
            _ = try registry.requireTopic(topic)
            let entries = try DriftStore.list(topic: topic, pool: runtime.database)
            return .json(["topic": .string(topic), "drift": .array(entries.map(\.json))])
        }
    }
}

/// The body of `POST /v1/topics`: `{"name", "description"?, "retentionDays"?, "compatibility"?}`.
struct TopicSpec {
    var name: TopicName
    var description: String
    var retentionDays: Int?
    var compatibility: CompatibilityMode

    init(_ body: JSONValue) throws {
        guard case .object(let object) = body else {
            throw HTTPError(.badRequest, detail: "the body must be a JSON object", type: ProblemType.validation)
        }
        var errors: [ProblemDetails.FieldError] = []
        let nameText = object["name"]?.string ?? ""
        let name = TopicName(nameText)
        if name == nil {
            errors.append(.init(path: "$.name", message: "expected 1-100 of a-z 0-9 _ . - starting with a letter"))
        } else if nameText.hasPrefix("sluice.") {
            errors.append(.init(path: "$.name", message: "names starting with 'sluice.' are reserved for system topics"))
        }
        description = ""
        if let value = object["description"] {
            if let text = value.string, text.utf8.count <= 10_000 { description = text } else {
                errors.append(.init(path: "$.description", message: "expected a string of at most 10000 bytes"))
            }
        }
        retentionDays = nil
        if let value = object["retentionDays"], !value.isNull {
            if let days = value.int, (1...36_500).contains(days) { retentionDays = days } else {
                errors.append(.init(path: "$.retentionDays", message: "expected a whole number of days from 1 to 36500, or null"))
            }
        }
        compatibility = .default
        if let value = object["compatibility"] {
            if let text = value.string, let mode = CompatibilityMode(name: text) { compatibility = mode } else {
                errors.append(
                    .init(
                        path: "$.compatibility",
                        message: "expected one of \(CompatibilityMode.allCases.map(\.name).joined(separator: ", "))"))
            }
        }
        for key in object.keys where !["name", "description", "retentionDays", "compatibility"].contains(key) {
            errors.append(.init(path: JSONPath.root.appending(key).description, message: "unknown member"))
        }
        guard errors.isEmpty, let name else {
            throw HTTPError(
                .unprocessableContent, detail: "the topic is not valid", type: ProblemType.validation, errors: errors)
        }
        self.name = name
    }
}
