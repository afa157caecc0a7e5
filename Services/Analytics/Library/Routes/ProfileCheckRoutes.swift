import SluiceAuth
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluiceSchema

extension AnalyticsService {
    /// `PUT /v1/analyses/{profile}/checks` (admin): the checks of a topic's built-in data-quality
    /// profile, the one part of a profile declared by hand. An analysis declared by hand has its
    /// checks in its definition (409 here); a name no topic's profile has is 404.
    func addProfileCheckRoute(to router: inout Router) {
        router.put("/v1/analyses/{name}/checks") { [self] request, context in
            try authenticator.authorize(request, for: .admin)
            let name = try Self.analysisName(context)
            guard name.hasPrefix(DataQualityProfile.namePrefix) else {
                throw HTTPError(
                    .conflict,
                    detail: "the checks of \(name) are part of its definition: PUT /v1/analyses/\(name) declares them")
            }
            try request.requireJSONContentType()
            let body = try request.jsonBody()
            guard let (topic, schema) = try profiledTopic(named: name) else {
                throw HTTPError(.notFound, detail: "no topic with a registered schema has the profile \(name)")
            }
            var issues: [DefinitionIssue] = []
            if let object = body.object {
                for key in object.keys where key != "checks" {
                    issues.append(DefinitionIssue(path: "$.\(key)", message: "unknown member"))
                }
                if object["checks"] == nil {
                    issues.append(DefinitionIssue(path: "$.checks", message: "expected an array of checks"))
                }
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
    }

    /// The topic (with its newest schema) whose profile is `name`; nil when profiles are off.
    private func profiledTopic(named name: String) throws -> (topic: String, schema: Schema)? {
        guard profilesEnabled else { return nil }
        return try schemas.latestSchemas().first { DataQualityProfile.analysisName(topic: $0.topic) == name }
    }
}
