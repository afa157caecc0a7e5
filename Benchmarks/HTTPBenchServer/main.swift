// The HTTP benchmark's server: a real service runtime (observability middleware, trace
// context, metrics) with one extra route that parses a JSON batch and answers its size.
// Run by Benchmarks/http-bench.sh; reads PORT like every service.
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluicePostgres
import SluiceService

ServiceMain.run(kind: .ingest, schema: "bench") { runtime in
    var router = runtime.makeRouter()
    router.post("/bench/events", execution: .eventLoop) { request, _ in
        let batch = try request.jsonBody()
        guard let events = batch["events"]?.array else {
            throw HTTPError(.unprocessableContent, detail: "expected {\"events\": [...]}")
        }
        return .json(["accepted": .number(JSONNumber(events.count))])
    }
    return router
}
