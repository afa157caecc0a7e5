import Foundation
import SluiceAuth
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

extension AnalyticsService {
    /// The longest range one run may cover.
    static let maximumRunDays: Int64 = 400

    /// `POST /v1/analyses/{name}/runs` (the "run analysis" command: admin or read scope on the
    /// analysis's topic), `GET /v1/runs/{id}` and `GET /v1/runs` (any valid key).
    ///
    /// The annotation cache sends the command for missing windows with its configured admin
    /// key. Without a key: 401 (before anything is looked up); with a key that does not cover
    /// the topic: 403; an unknown analysis: 404 (to any valid key). Overlapping commands share
    /// one run, which bounds the work a caller can cause.
    func addRunRoutes(to router: inout Router) {
        router.post("/v1/analyses/{name}/runs") { [self] request, context in
            _ = try authenticator.authenticate(request)
            let name = try Self.analysisName(context)
            guard let analysis = try analyses.analysis(named: name) else {
                throw HTTPError(.notFound, detail: "no analysis named \(name)")
            }
            _ = try authenticator.authorize(request, for: .read(topic: analysis.definition.topic))
            let body = try request.jsonBody()
            var issues: [DefinitionIssue] = []
            func time(_ key: String) -> Timestamp? {
                guard let text = body[key]?.string, let value = try? Timestamp(rfc3339: text) else {
                    issues.append(DefinitionIssue(path: "$.\(key)", message: "expected an RFC 3339 date-time"))
                    return nil
                }
                return value
            }
            let from = time("from"), to = time("to")
            if let from, let to, to <= from {
                issues.append(DefinitionIssue(path: "$.to", message: "must be after from"))
            }
            if let from, let to,
                to.microsecondsSinceEpoch - from.microsecondsSinceEpoch > Self.maximumRunDays * 86_400_000_000
            {
                issues.append(DefinitionIssue(path: "$.to", message: "a run covers at most \(Self.maximumRunDays) days"))
            }
            guard issues.isEmpty, let from, let to else { throw Self.invalid(issues) }
            let (run, isNew) = try runs.request(analysis: analysis, range: from..<to, reason: "command")
            if isNew { worker.wake() }
            return .json(
                [
                    "runId": .string(run.id.uuidString.lowercased()), "status": .string(run.status.rawValue),
                    "from": .string(run.range.lowerBound.rfc3339), "to": .string(run.range.upperBound.rfc3339),
                ], status: .accepted, headers: ["Location": "/v1/runs/\(run.id.uuidString.lowercased())"])
        }
        router.get("/v1/runs/{id}") { [self] request, context in
            _ = try authenticator.authenticate(request)
            guard let text = context.parameters["id"], let id = UUID(uuidString: text), let run = try runs.run(id: id) else {
                throw HTTPError(.notFound, detail: "no such run")
            }
            return .json(run.json)
        }
        router.get("/v1/runs") { [self] request, _ in
            _ = try authenticator.authenticate(request)
            return .json(["runs": .array(try runs.recent().map(\.json))])
        }
    }

    /// `GET /v1/alerts?status=open|resolved` (any valid key): alerts, most recently seen first.
    func addAlertRoute(to router: inout Router) {
        router.get("/v1/alerts") { [self] request, _ in
            _ = try authenticator.authenticate(request)
            let status = request.query("status")
            guard status == nil || status == "open" || status == "resolved" else {
                throw HTTPError(.badRequest, detail: "status is open or resolved", type: ProblemType.validation)
            }
            return .json(["alerts": .array(try alerts.list(status: status).map(\.json))])
        }
    }

    /// `GET /v1/status` for the dashboard: consumer lag and failed runs of the last hour.
    func addStatusRoute(to router: inout Router) {
        router.get("/v1/status") { [self] _, _ in
            var lag: Int64 = 0
            var figures: JSONObject = [:]
            var status = "ok"
            do {
                for topic in try analyses.analysedTopics() {
                    if let name = TopicNameParser.parse(topic) { lag += (try? log.lag(group: TopicConsumer.group, topic: name)) ?? 0 }
                }
                let counts = try runs.counts()
                figures["runsOpen"] = .number(JSONNumber(counts.open))
                figures["failedRunsLastHour"] = .number(JSONNumber(counts.failedLastHour))
                if counts.failedLastHour > 0 || lag > 10_000 { status = "degraded" }
            } catch {
                status = "down"
            }
            figures["lag"] = .number(JSONNumber(lag))
            return .json(["service": "analytics", "status": .string(status), "figures": .object(figures)])
        }
    }
}
