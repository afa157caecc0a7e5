import SluiceAuth
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

extension AnalyticsService {
    /// `PUT /v1/analyses/{name}` (admin), `GET /v1/analyses`, `GET /v1/analyses/{name}` (a key
    /// that may read the analysis's topic), `DELETE /v1/analyses/{name}` (admin).
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
            let (analysis, outcome, run) = try declare(name: name, definition: definition)
            var body = analysis.json.object ?? [:]
            if let run { body["rebuildRunId"] = .string(run.id.uuidString.lowercased()) }
            context.logger.info("analysis declared", [("analysis", name), ("version", String(analysis.version))])
            return .json(.object(body), status: outcome == .created ? .created : .ok)
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
