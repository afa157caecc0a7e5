import Analytics
import SluiceAuth
import Foundation
import SluiceConfig
import SluiceEventLog
import SluiceObservability
import SluiceService
import SluiceHTTPCore
import SluiceJSON
import Synchronization
import Testing

/// The consumer, runs and invalidations with a real cache.
@Suite struct PipelineTests {
    /// The cache's annotations of `analysis` for `[from, to)` as (window start, group country) -> values.
    static func annotations(_ harness: AnalyticsHarness, _ analysis: String, from: Timestamp, to: Timestamp)
        throws -> [String: JSONValue]
    {
        let body = try harness.cached(analysis, from: from, to: to)
        var result: [String: JSONValue] = [:]
        for document in body["annotations"]?.array ?? [] {
            let key = "\(document["windowStart"]?.string ?? "?")|\(document["group"]?["country"]?.string ?? "-")"
            result[key] = document
        }
        return result
    }

    @Test func newEventsAndLateEventsReachTheCache() throws {
        try AnalyticsHarness.with(label: "consumer") { harness in
            #expect(try harness.send(.put, "/v1/analyses/hourly_views", json: hourlyViews).status == .created)
            try harness.fixture.append([
                (at(10), ["country": "DE", "user_id": "a", "duration_ms": 100]),
                (at(20), ["country": "DE", "user_id": "b", "duration_ms": 300]),
                (at(30), ["country": "US", "user_id": "c", "duration_ms": 50]),
                (at(3700), ["country": "FR", "user_id": "a", "duration_ms": 70]),
            ])
            let arrived = harness.eventually {
                let all = try Self.annotations(harness, "hourly_views", from: at(0), to: at(7200))
                return all["\(at(0).rfc3339)|DE"]?["values"]?["views"] == 2 && all["\(at(3600).rfc3339)|FR"] != nil
            }
            #expect(arrived)
            var all = try Self.annotations(harness, "hourly_views", from: at(0), to: at(7200))
            #expect(all["\(at(0).rfc3339)|DE"]?["values"] == ["views": 2, "users": 2, "p95_ms": 300])
            #expect(all["\(at(0).rfc3339)|US"] == nil)
            #expect(all["\(at(0).rfc3339)|DE"]?["version"] == 1)

            // A late event for the first window, an hour after it closed, with the producer's traceparent.
            let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            _ = try harness.fixture.log.append(
                AppendRecord(
                    topic: TopicName("page_view")!, time: at(40), payload: ["country": "DE", "user_id": "z", "duration_ms": 900],
                    attributes: RecordAttributes(traceparent: traceparent)),
                to: TopicName("page_view")!)
            #expect(harness.eventually {
                try Self.annotations(harness, "hourly_views", from: at(0), to: at(7200))["\(at(0).rfc3339)|DE"]?["values"]?["views"] == 3
            })
            all = try Self.annotations(harness, "hourly_views", from: at(0), to: at(7200))
            #expect(all["\(at(0).rfc3339)|DE"]?["values"] == ["views": 3, "users": 3, "p95_ms": 900])
            #expect(all["\(at(0).rfc3339)|DE"]?["traceparents"] == [.string(traceparent)])

            // Committed, and sluice.analysis.completed published.
            #expect(harness.eventually {
                try harness.fixture.log.lag(group: TopicConsumer.group, topic: TopicName("page_view")!) == 0
            })
            let completed = try harness.fixture.log.read(topic: AnalysisCompleted.topic, after: 0, limit: 100)
                .compactMap { try? AnalysisCompleted(event: CloudEvent(record: $0)) }
            #expect(completed.contains { $0.analysis == "hourly_views" && $0.from == at(0) && $0.windows >= 1 })
        }
    }

    @Test func cacheOutageDelaysAndLosesNothing() throws {
        let port = Int.random(in: 20_000...32_000)  // below the ephemeral range: no outgoing connection holds it
        try AnalyticsHarness.with(label: "outage", cachePort: port) { harness in
            #expect(try harness.send(.put, "/v1/analyses/hourly_views", json: hourlyViews).status == .created)
            try harness.fixture.append([(at(10), ["country": "DE", "user_id": "a", "duration_ms": 100])])
            let topic = TopicName("page_view")!
            // The cache is down: failures are published, the offset stays uncommitted.
            #expect(harness.eventually {
                try !harness.fixture.log.read(topic: AnalysisFailed.topic, after: 0, limit: 10).isEmpty
            })
            #expect(try harness.fixture.log.committedOffset(group: TopicConsumer.group, topic: topic) == 0)
            let metrics = try harness.send(.get, "/metrics", key: nil).text
            #expect(metrics.contains("analytics_compute_failures_total"))
            #expect(try harness.send(.get, "/healthz", key: nil).status == .ok)

            // The cache comes up: the annotation arrives and the offset is committed.
            let (cacheRuntime, cacheServer) = try AnalyticsHarness.startCache(databaseURL: harness.fixture.database.url, port: port)
            defer {
                cacheServer.shutdown()
                cacheServer.wait()
                cacheRuntime.database.close()
            }
            #expect(harness.eventually(seconds: 40) {
                try harness.cached("hourly_views", from: at(0), to: at(3600), cacheBase: "http://127.0.0.1:\(port)")["annotations"]?[0]?["values"]?["views"] == 1
            })
            #expect(harness.eventually { try harness.fixture.log.lag(group: TopicConsumer.group, topic: topic) == 0 })
        }
    }

    @Test func runsShareOverlapsAndFinish() throws {
        try AnalyticsHarness.with(label: "runs") { harness in
            let daily: JSONValue = ["topic": "page_view", "window": "1h", "aggregations": [["name": "n", "op": "count"]]]
            try harness.fixture.append((0..<48).map { (at(Int64($0) * 1800), ["country": "DE"]) })
            #expect(try harness.send(.put, "/v1/analyses/n", json: daily).status == .created)
            let day: JSONValue = ["from": .string(at(0).rfc3339), "to": .string(at(86400).rfc3339)]
            // The command needs admin or read scope on the analysis's topic.
            #expect(try harness.send(.post, "/v1/analyses/n/runs", json: day, key: nil).status == .unauthorized)
            #expect(try harness.send(.post, "/v1/analyses/none/runs", json: day, key: nil).status == .unauthorized)
            #expect(try harness.send(.post, "/v1/analyses/n/runs", json: day, key: "sk_0123456789abcdef_" + String(repeating: "a", count: 64)).status == .unauthorized)
            let keys = APIKeyStore(pool: harness.runtime.database)
            let otherTopic = try keys.create(name: "other", scopes: [.read(.topic("orders")), .produce(.topic("page_view"))]).secret.text
            #expect(try harness.send(.post, "/v1/analyses/n/runs", json: day, key: otherTopic).status == .forbidden)
            let refused = try harness.send(.get, "/v1/runs").json["runs"]?.array ?? []
            #expect(!refused.contains { $0["reason"] == "command" })  // the refused commands started nothing
            let reader = try keys.create(name: "reader", scopes: [.read(.topic("page_view"))]).secret.text
            let first = try harness.send(.post, "/v1/analyses/n/runs", json: day, key: reader)
            #expect(first.status == .accepted, "\(first.text)")
            let runID = first.json["runId"]?.string ?? ""
            #expect(["queued", "in_progress"].contains(first.json["status"]?.string ?? ""))
            #expect(harness.eventually {
                try harness.send(.get, "/v1/runs/\(runID)").json["status"] == "done"
            })
            let run = try harness.send(.get, "/v1/runs/\(runID)").json
            #expect(run["windowsDone"] == 24 && run["windowsTotal"] == 24)
            #expect(run["errors"] == [])
            let cached = try harness.cached("n", from: at(0), to: at(86400))
            #expect(cached["annotations"]?.array?.count == 24)
            #expect(cached["annotations"]?[0]?["values"]?["n"] == 2)
            #expect(try harness.send(.get, "/v1/runs/not-a-run").status == .notFound)
            #expect(try harness.send(.post, "/v1/analyses/n/runs", json: ["from": "x", "to": "y"]).status == .unprocessableContent)
            #expect(try harness.send(.post, "/v1/analyses/none/runs", json: ["from": .string(at(0).rfc3339), "to": .string(at(1).rfc3339)]).status == .notFound)
        }
    }

    @Test func aCacheReadOfMissingWindowsStartsAKeyedRun() throws {
        try AnalyticsHarness.with(label: "cmd") { harness in
            let hourly: JSONValue = ["topic": "page_view", "window": "1h", "aggregations": [["name": "n", "op": "count"]]]
            #expect(try harness.send(.put, "/v1/analyses/n", json: hourly).status == .created)
            // A second cache that sends its run commands (with its admin key) to this Analytics.
            let (cacheRuntime, cacheServer) = try AnalyticsHarness.startCache(
                databaseURL: harness.fixture.database.url, port: 0, analyticsURL: harness.baseURL)
            defer {
                cacheServer.shutdown()
                cacheServer.wait()
                cacheRuntime.database.close()
            }
            let first = try harness.cached("n", from: at(0), to: at(7200), cacheBase: "http://127.0.0.1:\(cacheServer.port)")
            #expect(first["analyticsReachable"]?.bool == true)
            #expect(harness.eventually {
                let runs = try harness.send(.get, "/v1/runs").json["runs"]?.array ?? []
                return runs.contains { $0["reason"] == "command" && $0["status"] == "done" }
            })
        }
    }

    @Test func overlappingRunsShareOneRunID() throws {
        try AnalyticsFixture.with(label: "overlap") { fixture in
            let store = AnalysisStore(pool: fixture.pool)
            let (analysis, _) = try store.put(name: "n", definition: try AnalysisDefinition(json: ["topic": "page_view", "window": "1h", "aggregations": [["name": "n", "op": "count"]]]))
            let runs = RunStore(pool: fixture.pool)
            let first = try runs.request(analysis: analysis, range: at(0)..<at(7200), reason: "command")
            let second = try runs.request(analysis: analysis, range: at(3000)..<at(9000), reason: "command")
            let apart = try runs.request(analysis: analysis, range: at(7200)..<at(9000), reason: "command")
            #expect(first.isNew && !second.isNew)
            #expect(first.run.id == second.run.id)
            #expect(apart.isNew && apart.run.id != first.run.id)
            #expect(first.run.windowsTotal == 2)
            // Two replicas never hold the same run.
            let a = try runs.claimNext(owner: "a", lease: .seconds(30))
            let b = try runs.claimNext(owner: "b", lease: .seconds(30))
            #expect(a != nil && b != nil && a?.id != b?.id)
            #expect(try runs.claimNext(owner: "c", lease: .seconds(30)) == nil)
            #expect(try runs.finish(id: a!.id, owner: "b", status: .done, windowsDone: 2) == false)
            #expect(try runs.finish(id: a!.id, owner: "a", status: .done, windowsDone: 2))
            // A finished run is no longer shared.
            let third = try runs.request(analysis: analysis, range: at(0)..<at(3600), reason: "command")
            #expect(third.isNew)
            // A replica that dies loses its run when the lease expires; another takes it over.
            let dying = try runs.claimNext(owner: "dying", lease: .milliseconds(200))
            #expect(dying?.id == third.run.id)
            #expect(try runs.claimNext(owner: "d", lease: .seconds(30)) == nil)
            Thread.sleep(forTimeInterval: 0.3)
            #expect(try runs.claimNext(owner: "d", lease: .seconds(30))?.id == third.run.id)
            #expect(try runs.progress(id: third.run.id, owner: "dying", windowsDone: 1, lease: .seconds(30)) == false)
        }
    }

    @Test func invalidationRebuildsTheRange() throws {
        try AnalyticsHarness.with(label: "invalidate") { harness in
            let hourly: JSONValue = ["topic": "page_view", "window": "1h", "aggregations": [["name": "n", "op": "count"]]]
            #expect(try harness.send(.put, "/v1/analyses/n", json: hourly).status == .created)
            try harness.fixture.append([(at(10), ["country": "DE"]), (at(3610), ["country": "FR"])])
            #expect(harness.eventually {
                try harness.cached("n", from: at(0), to: at(7200))["annotations"]?.array?.count == 2
            })
            let cacheBase = "http://127.0.0.1:\(harness.cacheServer!.port)"
            let deleted = try harness.send(.delete, "\(cacheBase)/v1/annotations/n?from=\(at(0).rfc3339)&to=\(at(7200).rfc3339)")
            #expect(deleted.status == .ok, "\(deleted.text)")
            #expect(harness.eventually {
                let runs = try harness.send(.get, "/v1/runs").json["runs"]?.array ?? []
                return runs.contains { $0["reason"] == "invalidated" && $0["status"] == "done" }
            })
            #expect(harness.eventually {
                try harness.cached("n", from: at(0), to: at(7200))["annotations"]?.array?.count == 2
            })
        }
    }

    @Test func aNewVersionRebuildsHistoryNewestFirst() throws {
        try AnalyticsHarness.with(label: "version") { harness in
            try harness.fixture.append((0..<6).map { (at(Int64($0) * 3600 + 5), ["country": "DE", "duration_ms": .number(JSONNumber($0))]) })
            let v1: JSONValue = ["topic": "page_view", "window": "1h", "aggregations": [["name": "n", "op": "count"]]]
            #expect(try harness.send(.put, "/v1/analyses/n", json: v1).status == .created)
            #expect(harness.eventually { try harness.cached("n", from: at(0), to: at(6 * 3600))["status"] == "complete" })
            let v2: JSONValue = ["topic": "page_view", "window": "1h", "aggregations": [["name": "n", "op": "count"], ["name": "top", "op": "max", "field": "duration_ms"]]]
            let changed = try harness.send(.put, "/v1/analyses/n", json: v2)
            #expect(changed.json["version"] == 2)
            let runID = changed.json["rebuildRunId"]?.string ?? ""
            #expect(!runID.isEmpty)
            #expect(harness.eventually { try harness.send(.get, "/v1/runs/\(runID)").json["status"] == "done" })
            let cached = try harness.cached("n", from: at(0), to: at(6 * 3600))
            let documents = cached["annotations"]?.array ?? []
            #expect(documents.count == 6)
            #expect(documents.allSatisfy { $0["version"] == 2 })
            #expect(documents.last?["values"]?["top"] == 5)
            // Newest first: the completed events of version 2 start with the last window.
            let completed = try harness.fixture.log.read(topic: AnalysisCompleted.topic, after: 0, limit: 1000)
                .compactMap { try? AnalysisCompleted(event: CloudEvent(record: $0)) }.filter { $0.version == 2 }
            #expect(completed.first?.to == at(6 * 3600))
        }
    }
}

@Suite struct WindowLeaseTests {
    @Test func aWindowIsComputedByOneHolderAtATime() throws {
        try AnalyticsFixture.with(label: "leases") { fixture in
            let a = WindowLeases(pool: fixture.pool, owner: "a", lease: .seconds(30))
            let b = WindowLeases(pool: fixture.pool, owner: "b", lease: .milliseconds(300))
            #expect(try a.tryAcquire(analysis: "n", windowStarts: [at(0), at(3600)], holder: "a/1") == [at(0), at(3600)])
            #expect(try b.tryAcquire(analysis: "n", windowStarts: [at(3600), at(7200)], holder: "b/1") == [at(7200)])
            #expect(try b.tryAcquire(analysis: "other", windowStarts: [at(0)], holder: "b/1") == [at(0)])
            try a.release(analysis: "n", windowStarts: [at(0), at(3600)], holder: "a/1")
            #expect(try b.tryAcquire(analysis: "n", windowStarts: [at(3600)], holder: "b/1") == [at(3600)])
            // An expired lease is taken over.
            Thread.sleep(forTimeInterval: 0.4)
            #expect(try a.tryAcquire(analysis: "n", windowStarts: [at(7200)], holder: "a/2") == [at(7200)])
            // withLeases waits for the holder to let go.
            let order = Mutex<[String]>([])
            let held = try a.tryAcquire(analysis: "w", windowStarts: [at(0)], holder: "a/3")
            #expect(held == [at(0)])
            let releaser = Thread {
                Thread.sleep(forTimeInterval: 0.3)
                order.withLock { $0.append("released") }
                try? a.release(analysis: "w", windowStarts: [at(0)], holder: "a/3")
            }
            releaser.start()
            try b.withLeases(analysis: "w", windowStarts: [at(0)]) { order.withLock { $0.append("computed") } }
            #expect(order.withLock { $0 } == ["released", "computed"])
        }
    }
}

@Suite struct ReplicaTests {
    @Test func twoReplicasShareTheWorkAndTheRuns() throws {
        try AnalyticsHarness.with(label: "replicas") { first in
            // A second replica on the same database and cache.
            let cacheURL = "http://127.0.0.1:\(first.cacheServer!.port)"
            let configuration = try ServiceConfiguration(
                kind: .analytics,
                environment: EnvironmentReader([
                    "PORT": "0", "SLUICE_HOST": "127.0.0.1", "DATABASE_URL": first.fixture.database.url,
                    "SLUICE_ADMIN_KEY": AnalyticsHarness.adminKey, "SLUICE_DB_POOL_SIZE": "8", "SLUICE_CACHE_URL": cacheURL,
                ]))
            let runtime = ServiceRuntime(
                configuration: configuration, schema: AnalyticsSchema.name, migrations: AnalyticsSchema.migrations,
                logHandler: InMemoryLogHandler())
            let second = AnalyticsService(runtime: runtime, member: "replica-2", profiles: false)
            second.start()
            let server = try runtime.start(second.makeRouter())
            defer {
                second.stop()
                server.shutdown()
                server.wait()
                runtime.database.close()
            }
            let hourly: JSONValue = ["topic": "page_view", "window": "1h", "aggregations": [["name": "n", "op": "count"]]]
            #expect(try first.send(.put, "/v1/analyses/n", json: hourly).status == .created)
            for chunk in 0..<8 {
                try first.fixture.append((0..<60).map { (at(Int64(chunk * 60 + $0) * 360), ["country": "DE"]) })
            }
            // 480 events, 10 per hour over 48 hours: every window complete and right.
            #expect(first.eventually(seconds: 40) {
                let documents = try first.cached("n", from: at(0), to: at(48 * 3600))["annotations"]?.array ?? []
                return documents.count == 48 && documents.allSatisfy { $0["values"]?["n"] == 10 }
            })
            // A run requested at one replica is shared by a request at the other.
            let range: JSONValue = ["from": .string(at(0).rfc3339), "to": .string(at(48 * 3600).rfc3339)]
            let viaFirst = try first.send(.post, "/v1/analyses/n/runs", json: range).json
            let viaSecond = try first.send(.post, "http://127.0.0.1:\(server.port)/v1/analyses/n/runs", json: range).json
            if viaFirst["status"] != "done" && viaSecond["status"] != "done" {
                #expect(viaFirst["runId"] == viaSecond["runId"])
            }
            let runID = viaSecond["runId"]?.string ?? ""
            #expect(first.eventually { try first.send(.get, "/v1/runs/\(runID)").json["status"] == "done" })
        }
    }
}
