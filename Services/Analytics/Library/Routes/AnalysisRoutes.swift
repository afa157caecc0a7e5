import SluiceAuth
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

extension AnalyticsService {
    /// `PUT /v1/analyses/{name}` (admin), `GET /v1/analyses`, `GET /v1/analyses/{name}` (a key
    /// that may read the analysis's topic), `DELETE /v1/analyses/{name}` (admin), and
    /// `PUT /v1/analyses/{profile}/checks` (admin): the checks of a built-in data-quality profile,
    /// the one part of a profile declared by hand (an analysis's own checks are in its definition).
    func addAnalysisRoutes(to router: inout Router) {
        router.put("/v1/analyses/{name}") { [self] request, context in
            try authenticator.authorize(request, for: .admin)
            let name = try Self.analysisName(context)
            try Self.refuseProfile(name)
            try request.requireJSONContentType()
            let definition: AnalysisDefinition
            do {
                definition = try AnalysisDefinition(json: try request.jsonBody())
            } catch let error as DefinitionError {
                throw Self.invalid(error.issues)
            }
            switch try schemas.lookup(topic: definition.topic) {
            case .unknownTopic:
                throw Self.invalid([DefinitionIssue(path: "$.topic", message: "unknown topic \(definition.topic)")])
            case .noSchema:
                throw Self.invalid([
                    DefinitionIssue(path: "$.topic", message: "the topic \(definition.topic) has no registered schema")
                ])
            case .schema(let schema, _):
                let issues = AnalysisValidator.issues(of: definition, schema: schema)
                if !issues.isEmpty { throw Self.invalid(issues) }
            }
            let (analysis, outcome) = try analyses.put(name: name, definition: definition)
            var body = analysis.json.object ?? [:]
            if outcome != .unchanged, let run = try queueRebuild(analysis) {
                body["rebuildRunId"] = .string(run.id.uuidString.lowercased())
            }
            // A topic's first analysis gets its consumer now, not at the next look for topics.
            if outcome == .created { refreshConsumers() }
            context.logger.info("analysis declared", [("analysis", name), ("version", String(analysis.version))])
            return .json(.object(body), status: outcome == .created ? .created : .ok)
        }
        router.put("/v1/analyses/{name}/checks") { [self] request, context in
            try authenticator.authorize(request, for: .admin)
            let name = try Self.analysisName(context)
            guard name.hasPrefix(DataQualityProfile.namePrefix) else {
                throw HTTPError(
                    .conflict,
                    detail: "the checks of \(name) are part of its definition: declare them with PUT /v1/analyses/\(name)")
            }
            try request.requireJSONContentType()
            let body = try request.jsonBody()
            guard profilesEnabled,
                let (topic, schema) = try schemas.latestSchemas().first(where: { DataQualityProfile.analysisName(topic: $0.topic) == name })
            else { throw HTTPError(.notFound, detail: "no topic with a registered schema has the profile \(name)") }
            var issues: [DefinitionIssue] = []
            if let object = body.object {
                for key in object.keys where key != "checks" {
                    issues.append(DefinitionIssue(path: "$.\(key)", message: "unknown member"))
                }
                if object["checks"] == nil { issues.append(DefinitionIssue(path: "$.checks", message: "expected an array of checks")) }
            } else {
                issues.append(DefinitionIssue(path: "$", message: "expected an object, found \(body.kindName)"))
            }
            let aggregations = DataQualityProfile.definition(topic: topic, schema: schema).aggregations
            let checks = Check.parseList(body["checks"], aggregations: aggregations, issues: &issues)
            if !issues.isEmpty { throw Self.invalid(issues) }
            let (analysis, outcome) = try profiles.declare(topic: topic, schema: schema, checks: checks)
            var answer = analysis.json.object ?? [:]
            if outcome != .unchanged, let run = try queueRebuild(analysis) {
                answer["rebuildRunId"] = .string(run.id.uuidString.lowercased())
            }
            context.logger.info("profile checks declared", [("analysis", name), ("checks", String(checks.count))])
            return .json(.object(answer))
        }
        router.get("/v1/analyses") { [self] request, _ in
            let caller = try authenticator.authenticate(request)
            let visible = try analyses.list().filter { caller.allows(.read(topic: $0.definition.topic)) }
            return .json(["analyses": .array(visible.map(\.json))])
        }
        router.get("/v1/analyses/{name}") { [self] request, context in
            let name = try Self.analysisName(context)
            let caller = try authenticator.authenticate(request)
            guard let analysis = try analyses.analysis(named: name), caller.allows(.read(topic: analysis.definition.topic))
            else { throw HTTPError(.notFound, detail: "no analysis named \(name)") }
            return .json(analysis.json)
        }
        router.delete("/v1/analyses/{name}") { [self] request, context in
            try authenticator.authorize(request, for: .admin)
            let name = try Self.analysisName(context)
            try Self.refuseProfile(name)
            guard try analyses.retire(name: name) else { throw HTTPError(.notFound, detail: "no analysis named \(name)") }
            context.logger.info("analysis retired", [("analysis", name)])
            return HTTPResponse(status: .noContent)
        }
    }

    /// Refuses to change a built-in profile by hand (409).
    static func refuseProfile(_ name: String) throws {
        if name.hasPrefix(DataQualityProfile.namePrefix) {
            throw HTTPError(
                .conflict, detail: "\(name) is a built-in data-quality profile; it follows the topic's schema")
        }
    }

    static func analysisName(_ context: RequestContext) throws -> String {
        guard let name = context.parameters["name"], AnalysisDefinition.isValidName(name) else {
            throw HTTPError(
                .badRequest, detail: "an analysis name is 1-64 letters, digits, '_' or '-', starting with a letter",
                type: ProblemType.validation)
        }
        return name
    }

    static func invalid(_ issues: [DefinitionIssue]) -> HTTPError {
        HTTPError(
            .unprocessableContent, detail: issues.map(\.description).joined(separator: "; "), type: ProblemType.validation,
            errors: issues.map { ProblemDetails.FieldError(path: $0.path, message: $0.message) })
    }
}
