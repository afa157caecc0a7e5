import Foundation
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluicePostgres
import SluiceTestSupport
import Testing

/// The whole pipeline, as the local launcher runs it: `sluice-ingest`, `sluice-annotation-cache`
/// and `sluice-analytics` on a private database. A producer creates a topic with a schema,
/// declares an hourly analysis, and sends 100,000 events from four concurrent clients with
/// duplicates and invalid events mixed in. The log holds each event exactly once, every invalid
/// event is dead-lettered with its reason, and the cache's annotations equal the test's own
/// computation; an invalidated day is rebuilt to the same values. All three stop with exit 0.
@Suite(.serialized) struct PipelineEndToEndTests {
    static let adminKey = "e2e-pipeline-admin-key-0123456789"
    static let workers = 4
    static let batchSize = 500
    /// Copies of earlier events of the same batch appended to each batch.
    static let inBatchCopies = 10
    static let invalidPerBatch = 5
    /// Every `resendEvery`-th batch is sent twice, byte for byte (a producer's retry).
    static let resendEvery = 10

    static func client() -> HTTPClient {
        var configuration = HTTPClientConfiguration()
        configuration.retryPolicy = .none
        configuration.readTimeout = .seconds(60)
        configuration.deadline = .seconds(120)
        return HTTPClient(configuration: configuration)
    }

    static func request(
        _ method: HTTPMethod, _ url: String, body: String? = nil, key: String? = adminKey
    ) -> HTTPClientRequest {
        var request = HTTPClientRequest(method: method, url: url)
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body {
            request.body = Array(body.utf8)
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        return request
    }

    /// Starts one executable with the launcher's environment and waits for `/readyz`.
    static func start(_ name: String, databaseURL: String, environment extra: [String: String], client: HTTPClient) throws
        -> ServiceProcess
    {
        var environment = [
            "PORT": "0", "SLUICE_HOST": "127.0.0.1", "DATABASE_URL": databaseURL, "SLUICE_ADMIN_KEY": adminKey,
        ]
        environment.merge(extra) { $1 }
        let process = try ServiceProcess(name, environment: environment)
        guard process.waitFor("/readyz", timeout: 60, client: client) != nil else {
            _ = process.terminate()
            throw StartError(name: name, log: process.log)
        }
        return process
    }

    struct StartError: Error, CustomStringConvertible {
        var name: String
        var log: String
        var description: String { "\(name) never became ready: \(log)" }
    }

    /// What the producers saw, gathered from every worker thread.
    final class ProducerTally: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var accepted = 0
        private(set) var duplicates = 0
        private(set) var invalidSent: [String: Int] = [:]
        private(set) var invalidPaths: [String: String] = [:]
        private(set) var failures: [String] = []

        func record(accepted: Int, duplicates: Int, invalid: [PipelineWorkload.InvalidEvent]) {
            lock.withLock {
                self.accepted += accepted
                self.duplicates += duplicates
                for event in invalid {
                    invalidSent[event.id, default: 0] += 1
                    invalidPaths[event.id] = event.expectedPath
                }
            }
        }

        func fail(_ message: String) { lock.withLock { failures.append(message) } }
    }

    @Test func producersEventsBecomeExactAnnotationsAndAnInvalidatedRangeIsRebuilt() throws {
        try TestDatabase.with(label: "pipeline") { database in
            try runPipeline(database: database)
        }
    }

    func runPipeline(database: TestDatabase) throws {
        let databaseURL = database.url
        let started = ContinuousClock.now
        let client = Self.client()
        defer { client.shutdown() }
        let topic = "pipeline_views"
        let analysis = "pipeline_hourly"
        let analyticsPort = ServiceProcess.unusedPort()
        let analyticsURL = "http://127.0.0.1:\(analyticsPort)"

        let ingest = try Self.start("sluice-ingest", databaseURL: databaseURL, environment: [:], client: client)
        defer { _ = ingest.terminate() }
        let ingestURL = "http://127.0.0.1:\(ingest.port)"
        let cache = try Self.start(
            "sluice-annotation-cache", databaseURL: databaseURL,
            environment: ["SLUICE_ANALYTICS_URL": analyticsURL, "SLUICE_INGEST_URL": ingestURL], client: client)
        defer { _ = cache.terminate() }
        let cacheURL = "http://127.0.0.1:\(cache.port)"
        let analytics = try Self.start(
            "sluice-analytics", databaseURL: databaseURL,
            environment: [
                "PORT": String(analyticsPort), "SLUICE_CACHE_URL": cacheURL, "SLUICE_INGEST_URL": ingestURL,
                "SLUICE_ANALYTICS_URL": analyticsURL,
            ], client: client)
        defer { _ = analytics.terminate() }

        // The producer's set-up: topic, schema, a produce key, the analysis.
        let createdTopic = try client.execute(Self.request(.post, "\(ingestURL)/v1/topics", body: #"{"name":"\#(topic)"}"#))
        try #require(createdTopic.status == .created)
        let schema = #"""
            {"schema":{"type":"object","properties":{"country":{"type":"string"},"user_id":{"type":"string"},
            "duration_ms":{"type":"integer","minimum":0}},"required":["country","user_id","duration_ms"],
            "additionalProperties":false}}
            """#
        try #require(try client.execute(Self.request(.post, "\(ingestURL)/v1/topics/\(topic)/schemas", body: schema)).status == .created)
        let keyResponse = try client.execute(
            Self.request(.post, "\(ingestURL)/v1/keys", body: #"{"name":"producer","scopes":["produce:\#(topic)"]}"#))
        let producerKey = try #require(try JSONParser.parse(keyResponse.body)["key"]?.string)
        let definition = #"""
            {"topic":"\#(topic)","window":"1h","groupBy":["country"],"aggregations":[
            {"name":"views","op":"count"},{"name":"users","op":"count_distinct","field":"user_id"},
            {"name":"p95_ms","op":"p95","field":"duration_ms"}]}
            """#
        let declared = try client.execute(Self.request(.put, "\(analyticsURL)/v1/analyses/\(analysis)", body: definition))
        try #require(declared.status == .created, "\(String(decoding: declared.body, as: UTF8.self))")

        // Four producers, each with its own client, in batches with copies, retries and bad events.
        let workload = PipelineWorkload()
        let tally = ProducerTally()
        let sendStarted = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: Self.workers) { worker in
            produce(worker: worker, workload: workload, url: "\(ingestURL)/v1/topics/\(topic)/events", key: producerKey, tally: tally)
        }
        let sendDuration = ContinuousClock.now - sendStarted
        #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
        let batches = PipelineWorkload.eventCount / Self.batchSize
        let resentBatches = (0..<batches).filter { ($0 / Self.workers) % Self.resendEvery == Self.resendEvery - 1 }.count
        #expect(tally.accepted == PipelineWorkload.eventCount)
        #expect(tally.duplicates == batches * Self.inBatchCopies + resentBatches * (Self.batchSize + Self.inBatchCopies))

        // The log holds every event exactly once, in the right windows.
        let expected = workload.expectedAnnotations()
        let stored = try database.pool.withConnection { connection in
            try connection.query(
                """
                SELECT count(*)::int8, count(DISTINCT r.id)::int8 FROM eventlog.records r
                JOIN eventlog.topics t USING (topic_id) WHERE t.name = \(topic)
                """
            ).first { _ in true }!.decode((Int64, Int64).self)
        }
        #expect(stored.0 == Int64(PipelineWorkload.eventCount) && stored.1 == Int64(PipelineWorkload.eventCount))
        let storedCells = try database.pool.withConnection { connection in
            try connection.query(
                """
                SELECT to_char(date_trunc('hour', r.time AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"'),
                       r.payload->>'country', count(*)::int8
                FROM eventlog.records r JOIN eventlog.topics t USING (topic_id) WHERE t.name = \(topic) GROUP BY 1, 2
                """
            ).map { row in
                try (PipelineWorkload.key(windowStart: row.decode(column: 0, as: String.self), country: row.decode(column: 1, as: String.self)),
                     row.decode(column: 2, as: Int64.self))
            }
        }
        #expect(Dictionary(uniqueKeysWithValues: storedCells) == expected.mapValues(\.views))

        // Every invalid event sent (retries included) is dead-lettered once per send, with its reason.
        var letters: [String: Int] = [:]
        var wrongReasons: [String] = []
        var after: Int64 = 0
        while true {
            let page = try JSONParser.parse(
                client.execute(Self.request(.get, "\(ingestURL)/v1/deadletters?topic=\(topic)&limit=1000&after=\(after)")).body)
            let entries = page["deadLetters"]?.array ?? []
            if entries.isEmpty { break }
            for entry in entries {
                let id = entry["event"]?["id"]?.string ?? "?"
                letters[id, default: 0] += 1
                let paths = (entry["errors"]?.array ?? []).compactMap { $0["path"]?.string }
                if let path = tally.invalidPaths[id], !paths.contains(path) { wrongReasons.append("\(id): \(paths)") }
            }
            after = try #require(page["nextAfter"]?.int64)
        }
        #expect(letters == tally.invalidSent)
        #expect(wrongReasons.isEmpty, "\(wrongReasons.prefix(5))")

        // The cache's annotations equal the computation above.
        let everything = "from=2026-03-02T00:00:00Z&to=2026-03-05T00:00:00Z"
        let converged = try waitForAnnotations(client: client, url: "\(cacheURL)/v1/annotations/\(analysis)?\(everything)", expected: expected)
        #expect(converged.mismatches.isEmpty, "\(converged.mismatches.prefix(10))")
        let convergedDuration = ContinuousClock.now - sendStarted

        // Invalidate one day: the cache drops it, Analytics rebuilds it, the values come back.
        let day = "from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z"
        let invalidated = try client.execute(Self.request(.delete, "\(cacheURL)/v1/annotations/\(analysis)?\(day)"))
        #expect(invalidated.status == .ok)
        #expect(try JSONParser.parse(invalidated.body)["windows"] == 24)
        let dayExpected = expected.filter { $0.key.hasPrefix("2026-03-03") }
        let rebuilt = try waitForAnnotations(
            client: client, url: "\(cacheURL)/v1/annotations/\(analysis)?\(day)", expected: dayExpected,
            computedAfter: converged.computedAt)
        #expect(rebuilt.mismatches.isEmpty, "\(rebuilt.mismatches.prefix(10))")

        // SIGTERM: each service drains and exits 0.
        #expect(analytics.terminate() == 0, "\(analytics.log.suffix(2_000))")
        #expect(cache.terminate() == 0, "\(cache.log.suffix(2_000))")
        #expect(ingest.terminate() == 0, "\(ingest.log.suffix(2_000))")
        print(
            "pipeline e2e: sent in \(sendDuration), annotations converged \(convergedDuration) after the first send, "
                + "total \(ContinuousClock.now - started)")
    }

    /// One producer: its share of the events in batches of 500, each with 10 in-batch copies and
    /// 5 invalid events; every tenth batch sent a second time, unchanged.
    func produce(worker: Int, workload: PipelineWorkload, url: String, key: String, tally: ProducerTally) {
        let client = Self.client()
        defer { client.shutdown() }
        let mine = workload.events.indices.filter { $0 % Self.workers == worker }
        for (batchNumber, start) in stride(from: 0, to: mine.count, by: Self.batchSize).enumerated() {
            let valid = mine[start..<min(start + Self.batchSize, mine.count)].map { workload.events[$0].json }
            let copies = (0..<Self.inBatchCopies).map { valid[$0 * (valid.count / Self.inBatchCopies)] }
            let invalid = (0..<Self.invalidPerBatch).map { PipelineWorkload.invalidEvent(worker: worker, batch: batchNumber, k: $0) }
            var members = valid + copies
            for (k, bad) in invalid.enumerated() { members.insert(bad.json, at: (k * 97) % members.count) }
            let body = #"{"events":[\#(members.joined(separator: ","))]}"#
            let sends = batchNumber % Self.resendEvery == Self.resendEvery - 1 ? 2 : 1
            for attempt in 0..<sends {
                do {
                    let response = try client.execute(Self.request(.post, url, body: body, key: key))
                    let answer = try JSONParser.parse(response.body)
                    guard response.status == .ok, let accepted = answer["accepted"]?.int, let duplicates = answer["duplicates"]?.int,
                        let rejected = answer["rejected"]?.array
                    else {
                        tally.fail("worker \(worker) batch \(batchNumber): \(response.status) \(String(decoding: response.body, as: UTF8.self).prefix(300))")
                        return
                    }
                    let wantAccepted = attempt == 0 ? valid.count : 0
                    let wantDuplicates = attempt == 0 ? copies.count : valid.count + copies.count
                    if accepted != wantAccepted || duplicates != wantDuplicates || rejected.count != invalid.count {
                        tally.fail("worker \(worker) batch \(batchNumber) attempt \(attempt): \(accepted)/\(duplicates)/\(rejected.count)")
                    }
                    tally.record(accepted: accepted, duplicates: duplicates, invalid: invalid)
                } catch {
                    tally.fail("worker \(worker) batch \(batchNumber): \(error)")
                    return
                }
            }
        }
    }

    struct Convergence {
        var mismatches: [String]
        /// The latest `computedAt` among the annotations read.
        var computedAt: String
    }

    /// Reads the range until it is complete, equal to `expected` and (when given) computed after
    /// `computedAfter`, or 180 s have passed; returns what is still different.
    func waitForAnnotations(client: HTTPClient, url: String, expected: [String: PipelineWorkload.Expected], computedAfter: String? = nil)
        throws -> Convergence
    {
        let deadline = ContinuousClock.now + .seconds(180)
        var last = Convergence(mismatches: ["never read"], computedAt: "")
        while ContinuousClock.now < deadline {
            let body = try JSONParser.parse(client.execute(Self.request(.get, url)).body)
            var mismatches: [String] = []
            if body["status"]?.string != "complete" { mismatches.append("status \(body["status"].map { "\($0)" } ?? "none")") }
            var seen: [String: PipelineWorkload.Expected] = [:]
            var latest = ""
            var earliest: String?
            for document in body["annotations"]?.array ?? [] {
                let key = PipelineWorkload.key(
                    windowStart: document["windowStart"]?.string ?? "?", country: document["group"]?["country"]?.string ?? "?")
                let values = document["values"]
                seen[key] = PipelineWorkload.Expected(
                    views: values?["views"]?.int64 ?? -1, users: values?["users"]?.int64 ?? -1, p95: values?["p95_ms"]?.int64 ?? -1)
                let computedAt = document["computedAt"]?.string ?? ""
                latest = max(latest, computedAt)
                earliest = min(earliest ?? computedAt, computedAt)
            }
            for (key, want) in expected where seen[key] != want {
                mismatches.append("\(key): expected \(want), got \(seen[key].map { "\($0)" } ?? "nothing")")
            }
            for key in seen.keys where expected[key] == nil { mismatches.append("\(key): unexpected") }
            if let computedAfter, let earliest, earliest <= computedAfter {
                mismatches.append("not rebuilt: computedAt \(earliest) <= \(computedAfter)")
            }
            last = Convergence(mismatches: mismatches, computedAt: latest)
            if mismatches.isEmpty { return last }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return last
    }
}
