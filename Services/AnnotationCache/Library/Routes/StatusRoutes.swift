import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

extension AnnotationCacheService {
    /// `GET /v1/status` (this service) and `GET /v1/pipeline` (every stage, for the dashboard).
    func addStatusRoutes(to router: inout Router) {
        router.get("/v1/status") { [self] request, _ in
            try authorizer.reader(request)
            return .json(ownStatus())
        }

        router.get("/v1/pipeline") { [self] request, _ in
            try authorizer.reader(request)
            let configuration = runtime.configuration
            let authorization = authorizer.withCookie(request).headers["Authorization"]
            let fetched = statusFetcher.fetchAll(
                [
                    configuration.ingestURL + "/v1/status", configuration.analyticsURL + "/v1/status",
                    configuration.analyticsURL + "/v1/alerts?status=open",
                ], authorization: authorization)
            let tiles = StageTiles.make(ingest: fetched[0], analytics: fetched[1], log: logStatus(), cache: ownStatus())
            return .json(.object(JSONObject(uniqueMembers: [
                ("generatedAt", .string(Timestamp.now().rfc3339)),
                ("stages", .array(tiles.map(\.json))),
                ("topics", fetched[0]?["figures"]?["topics"] ?? .array([])),
                ("alerts", fetched[2]?["alerts"] ?? fetched[2] ?? .array([])),
            ])))
        }
    }

    /// `{"service", "status", "figures"}` of this cache: degraded when the database or
    /// Analytics cannot be reached (reads are still served from what is held).
    func ownStatus() -> JSONValue {
        let statistics = store.memory.statistics
        let lookups = statistics.hits + statistics.misses
        let databaseUp = runtime.database.lastKnownReachable
        let analyticsUp = runs.lastKnownReachable
        let figures: [(String, JSONValue)] = [
            ("hitRatio", .number(JSONNumber(lookups == 0 ? 0 : Double(statistics.hits) / Double(lookups)))),
            ("lookups", .number(JSONNumber(Int64(lookups)))),
            ("memoryBytes", .number(JSONNumber(Int64(statistics.bytes)))),
            ("maxBytes", .number(JSONNumber(Int64(statistics.capacity)))),
            ("windows", .number(JSONNumber(Int64(statistics.windows)))),
            ("evictions", .number(JSONNumber(Int64(statistics.evictions)))),
            ("streamClients", .number(JSONNumber(Int64(broadcaster.subscriberCount)))),
            ("databaseReachable", .bool(databaseUp)), ("analyticsReachable", .bool(analyticsUp)),
        ]
        return .object(JSONObject(uniqueMembers: [
            ("service", .string(runtime.configuration.kind.rawValue)),
            ("status", .string(databaseUp && analyticsUp ? "ok" : "degraded")),
            ("figures", .object(JSONObject(uniqueMembers: figures))),
        ]))
    }

    /// The event log's tile: the largest consumer lag and the dead letters (read from the log
    /// itself, which lives in the shared database); nil when the database does not answer.
    func logStatus() -> JSONValue? {
        guard let positions = try? log.groupPositions(), let dead = try? log.deadLetterCounts() else { return nil }
        let lag = positions.map(\.lag).max() ?? 0
        let groups: [JSONValue] = positions.map { position in
            .object(JSONObject(uniqueMembers: [
                ("group", .string(position.group.rawValue)), ("topic", .string(position.topic.rawValue)),
                ("lag", .number(JSONNumber(position.lag))),
            ]))
        }
        return .object(JSONObject(uniqueMembers: [
            ("service", .string("event log")), ("status", .string("ok")),
            ("figures", .object(JSONObject(uniqueMembers: [
                ("consumerLag", .number(JSONNumber(lag))),
                ("deadLetters", .number(JSONNumber(dead.reduce(0) { $0 + $1.count }))), ("groups", .array(groups)),
            ]))),
        ]))
    }
}
