import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluiceObservability

/// `/healthz`, `/readyz` and `/metrics`: open (no key), cheap, run on the event loop.
enum StandardRoutes {
    static func add(to router: inout Router, service: String, readiness: Readiness, metrics: MetricsRegistry) {
        router.get("/healthz", execution: .eventLoop) { _, _ in
            .json(["status": "ok", "service": .string(service)])
        }
        router.get("/readyz", execution: .eventLoop) { _, _ in
            readinessResponse(service: service, checks: readiness.snapshot)
        }
        router.get("/metrics", execution: .eventLoop) { _, _ in
            HTTPResponse(
                status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                body: Array(metrics.exposition().utf8))
        }
    }

    /// 200 with every check when all are ok; otherwise 503 problem+json with Retry-After.
    static func readinessResponse(service: String, checks: [Readiness.Check]) -> HTTPResponse {
        var members = JSONObject()
        for check in checks { members[check.name] = .string(check.ok ? "ok" : (check.detail ?? "failing")) }
        if checks.allSatisfy(\.ok) {
            return .json(["status": "ready", "service": .string(service), "checks": .object(members)])
        }
        let failing = checks.filter { !$0.ok }.map { "\($0.name): \($0.detail ?? "failing")" }
        var problem = ProblemDetails(
            status: .serviceUnavailable, detail: "not ready: " + failing.joined(separator: "; "),
            type: ProblemType.unavailable)
        problem.extensions = [("service", .string(service))]
        return .problem(problem, headers: ["Retry-After": "5"])
    }
}
