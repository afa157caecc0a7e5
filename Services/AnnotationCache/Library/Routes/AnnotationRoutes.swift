import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluicePostgres

extension AnnotationCacheService {
    /// `PUT`, `GET` and `DELETE /v1/annotations/{analysis}`, and `GET /v1/annotations` (the list).
    func addAnnotationRoutes(to router: inout Router) {
        router.put("/v1/annotations/{analysis}") { [self] request, context in
            try authorizer.authorizeAdmin(request)
            let analysis = try analysisName(context)
            let batch: AnnotationBatch
            do {
                batch = try AnnotationBatch(json: request.jsonBody(), analysis: analysis)
            } catch let error as BatchError {
                throw HTTPError(
                    .unprocessableContent, detail: "the batch is not valid: \(error.message)", type: ProblemType.validation,
                    errors: [.init(path: error.path, message: error.message)])
            }
            let result = try Self.storageStep { try store.put(batch) }
            return .json(.object(JSONObject(uniqueMembers: [
                ("analysis", .string(analysis)), ("windows", .number(JSONNumber(Int64(result.windows)))),
                ("staleWindows", .number(JSONNumber(Int64(result.staleWindows)))),
                ("documents", .number(JSONNumber(Int64(result.documents)))),
            ])))
        }

        router.get("/v1/annotations") { [self] request, _ in
            // Every analysis the key may read (all of them when reading is open).
            let principal = try authorizer.reader(request)
            let readable = try store.listAnalyses().filter { info in
                principal.map { $0.allows(.read(topic: info.topic ?? info.name)) } ?? true
            }
            let list = readable.map { info -> JSONValue in
                .object(JSONObject(uniqueMembers: [
                    ("analysis", .string(info.name)), ("version", .number(JSONNumber(info.version))),
                    ("windowSeconds", .number(JSONNumber(info.windowMicroseconds / 1_000_000))),
                    ("topic", info.topic.map(JSONValue.string) ?? .null),
                    ("ttlSeconds", info.ttlSeconds.map { .number(JSONNumber($0)) } ?? .null),
                ]))
            }
            return .json(.object(JSONObject(uniqueMembers: [("analyses", .array(list))])))
        }

        // A read whose whole answer is memoized (and needs no key check in the database) is
        // answered on the event loop; every other read runs on a worker.
        router.on(.get, "/v1/annotations/{analysis}", inlineWhen: { [self] request, parameters in
            guard authorizer.open, let name = parameters["analysis"], let query = try? RangeQuery(request) else { return false }
            return store.memory.hasAnswer(query.memoKey(analysis: name), analysis: name, now: Timestamp.now().microsecondsSinceEpoch)
        }) { [self] request, context in
            let analysis = try analysisName(context)
            let query = try RangeQuery(request)
            let memoKey = query.memoKey(analysis: analysis)
            if let answer = store.memory.answer(memoKey, analysis: analysis, now: Timestamp.now().microsecondsSinceEpoch) {
                try authorizer.authorizeRead(request, topic: answer.topic ?? analysis)
                metrics.recordMemoizedRead(windows: answer.windows)
                let reachable = runs.lastKnownReachable
                var body = answer.body
                if reachable != answer.analyticsReachable {
                    body.removeLast(answer.analyticsReachable ? 5 : 6)  // `true}` or `false}`
                    body.append(contentsOf: (reachable ? "true}" : "false}").utf8)
                }
                return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: body)
            }
            let info = try store.analysis(analysis)
            try authorizer.authorizeRead(request, topic: info?.topic ?? analysis)
            let read: RangeRead
            do {
                read = try store.read(analysis: analysis, range: query.range)
            } catch let error as RangeTooLarge {
                throw HTTPError(
                    .unprocessableContent,
                    detail: "the range spans \(error.windows) windows; at most \(AnnotationStore.maximumWindowsPerRead)",
                    type: ProblemType.validation)
            }
            metrics.recordRead(read)
            var reachable = runs.lastKnownReachable
            if let first = read.missing.first, let last = read.missing.last {
                reachable = runs.requestRun(
                    analysis: analysis, range: WindowRange(from: first.from, to: last.to),
                    traceparent: context.trace?.traceparent)
                metrics.recordRunCommand(reached: reachable)
            }
            var body = AnnotationResponse.bodyPrefix(analysis: analysis, read: read, filter: query)
            AnnotationResponse.appendSuffix(analyticsReachable: reachable, to: &body)
            if read.missing.isEmpty, let info = read.analysis {
                store.memory.memoize(
                    memoKey, analysis: analysis,
                    answer: AnnotationMemory.answer(
                        body: body, analyticsReachable: reachable, windows: read.windows.count,
                        topic: info.topic, epoch: read.epoch, expiresAt: read.expiresAt))
            }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: body)
        }

        router.delete("/v1/annotations/{analysis}") { [self] request, context in
            try authorizer.authorizeAdmin(request)
            let analysis = try analysisName(context)
            let query = try RangeQuery(request)
            var eventID = ""
            let (range, windows) = try Self.storageStep { try store.invalidate(analysis: analysis, range: query.range) { connection, widened in
                let event = try AnalysisInvalidated(
                    analysis: analysis, from: widened.fromTimestamp, to: widened.toTimestamp, reason: "invalidated by API"
                ).cloudEvent(source: Self.source, time: Timestamp.now(), traceparent: context.trace?.traceparent)
                eventID = event.id
                _ = try log.append([event.appendRecord(appendTime: Timestamp.now())], to: AnalysisInvalidated.topic, on: connection)
            } }
            context.logger.info("invalidated", [("analysis", analysis), ("windows", String(windows))])
            return .json(.object(JSONObject(uniqueMembers: [
                ("analysis", .string(analysis)), ("from", .string(range.fromTimestamp.rfc3339)),
                ("to", .string(range.toTimestamp.rfc3339)), ("windows", .number(JSONNumber(Int64(windows)))),
                ("event", .string(eventID)),
            ])))
        }
    }

    /// Runs a write; a database that went away during its transaction is 503 + Retry-After
    /// (nothing was committed), like a database that could not be reached at all.
    static func storageStep<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresTransactionError where error.isUnavailable {
            throw HTTPError(
                .serviceUnavailable, detail: "the database is unavailable; nothing was stored, try again later",
                type: ProblemType.unavailable, headers: ["Retry-After": "5"])
        }
    }

    /// The `{analysis}` path parameter: 1-200 of a-z A-Z 0-9 _ . - (404 otherwise).
    func analysisName(_ context: RequestContext) throws -> String {
        let name = context.parameters["analysis"] ?? ""
        let valid = (1...200).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (97...122).contains(byte) || (65...90).contains(byte) || (48...57).contains(byte) || byte == 95 || byte == 46 || byte == 45
        }
        guard valid else { throw HTTPError(.notFound, detail: "no analysis has that name") }
        return name
    }
}
