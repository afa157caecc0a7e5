// sluice-bench-analytics: a full rebuild of an hourly analysis (count, count_distinct, p95)
// over 1M events spanning 30 days, next to PostgreSQL's own GROUP BY of the same thing in the
// same run; then the freshness (event commit -> annotation readable in the cache) under a
// steady ingest load.
//
//   SLUICE_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:55470/sluice \
//       swift run -c release sluice-bench-analytics [--events N] [--probes N]
//
// Creates a scratch database next to the one named and drops it at the end. The annotation
// cache runs in this process (a real HTTP server on 127.0.0.1); annotations go to it over HTTP.
import Analytics
import AnnotationCache
import Foundation
import SluiceConfig
import SluiceEventLog
import SluiceJSON
import SluiceObservability
import SluicePostgres
import SluiceService
import SluiceHTTP
import SluiceHTTPCore
import Synchronization

func argument(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1])
    else { return value }
    return number
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

func percentile(_ values: [Double], _ q: Double) -> Double {
    let sorted = values.sorted()
    return sorted[max(0, min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
}

func benchmark() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let serverURL = environment["SLUICE_BENCH_DATABASE_URL"] ?? environment["SLUICE_TEST_DATABASE_URL"] else {
        print("set SLUICE_BENCH_DATABASE_URL (start a server with scripts/postgres.sh start .data/pg 55470)")
        exit(2)
    }
    let eventCount = argument("--events", default: 1_000_000)
    let probes = argument("--probes", default: 200)
    let adminKey = "bench-admin-key-0123456789abcdef"

    let databaseName = "bench_analytics_\(UInt32.random(in: 0...UInt32.max))"
    let admin = try PostgresConnection.connect(url: serverURL)
    try admin.executeScript("CREATE DATABASE \(identifier: try PostgresIdentifier(databaseName))")
    let url = String(serverURL[..<serverURL.lastIndex(of: "/")!]) + "/" + databaseName
    defer {
        _ = try? admin.executeScript("DROP DATABASE IF EXISTS \(identifier: try PostgresIdentifier(databaseName)) WITH (FORCE)")
        admin.close()
    }

    // MARK: - Cache and Analytics in this process

    func runtime(_ kind: ServiceConfiguration.Kind, extra: [String: String], schema: PostgresIdentifier, migrations: [Migration]) throws -> ServiceRuntime {
        var variables = [
            "PORT": "0", "SLUICE_HOST": "127.0.0.1", "DATABASE_URL": url, "SLUICE_ADMIN_KEY": adminKey,
            "SLUICE_DB_POOL_SIZE": "8", "SLUICE_LOG_LEVEL": "error", "SLUICE_CACHE_MAX_BYTES": "1073741824",
        ]
        variables.merge(extra) { $1 }
        let configuration = try ServiceConfiguration(kind: kind, environment: EnvironmentReader(variables))
        let runtime = ServiceRuntime(configuration: configuration, schema: schema, migrations: migrations, logHandler: InMemoryLogHandler())
        runtime.checkDatabaseNow()
        return runtime
    }
    let cacheRuntime = try runtime(.annotationCache, extra: ["SLUICE_ANALYTICS_URL": "http://127.0.0.1:9"], schema: CacheSchema.name, migrations: CacheSchema.migrations)
    let cacheService = AnnotationCacheService(runtime: cacheRuntime)
    try cacheService.prepareStorage()
    let cacheServer = try cacheRuntime.start(cacheService.makeRouter())
    let cacheURL = "http://127.0.0.1:\(cacheServer.port)"
    let analyticsRuntime = try runtime(.analytics, extra: ["SLUICE_CACHE_URL": cacheURL], schema: AnalyticsSchema.name, migrations: AnalyticsSchema.migrations)
    let analytics = AnalyticsService(runtime: analyticsRuntime, member: "bench")
    try analytics.prepareStorage()
    let pool = analyticsRuntime.database
    let log = analytics.log

    // MARK: - 1M events over 30 days

    let topic = TopicName("page_view")!
    try log.createTopic(topic, retention: .forever)
    let start = try Timestamp(rfc3339: "2026-01-01T00:00:00Z")
    let span: Int64 = 30 * 86_400_000_000
    var generator = SystemRandomNumberGenerator()
    let clock = ContinuousClock()
    let loadStarted = clock.now
    for batchStart in stride(from: 0, to: eventCount, by: 10_000) {
        let records = (batchStart..<min(eventCount, batchStart + 10_000)).map { index -> AppendRecord in
            let time = Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + span * Int64(index) / Int64(eventCount))
            let payload: JSONValue = [
                "user_id": .string("u-\(Int.random(in: 0..<50_000, using: &generator))"),
                "country": .string(["DE", "FR", "US", "GB", "JP"][Int.random(in: 0..<5, using: &generator)]),
                "duration_ms": .number(JSONNumber(Int.random(in: 1...30_000, using: &generator))),
                "page": .string("/products/\(index % 1000)"),
            ]
            return AppendRecord(id: "e\(index)", time: time, payload: payload)
        }
        _ = try log.append(records, to: topic)
    }
    print("loaded \(eventCount) events over 30 days in \(String(format: "%.1f", seconds(clock.now - loadStarted))) s")
    try pool.withConnection { try $0.executeScript("VACUUM ANALYZE eventlog.records") }

    // MARK: - PostgreSQL alone

    let topicID = try pool.withConnection { connection in
        try connection.query("SELECT topic_id FROM eventlog.topics WHERE name = 'page_view'").first!.decode(column: 0, as: Int32.self)
    }
    let plainSQL: PostgresQuery = """
        SELECT date_bin('3600 seconds'::interval, time, timestamptz '1970-01-01 00:00:00+00'), count(*),
            count(DISTINCT payload->'user_id'),
            percentile_disc(0.95) WITHIN GROUP (ORDER BY (payload->>'duration_ms')::float8)
        FROM eventlog.records WHERE topic_id = \(topicID) GROUP BY 1
        """
    // The same GROUP BY with Analytics's semantics written by hand: JSON nulls not counted as
    // distinct values, non-numbers ignored by the percentile (instead of failing the query).
    let equivalentSQL: PostgresQuery = """
        SELECT date_bin('3600 seconds'::interval, time, timestamptz '1970-01-01 00:00:00+00'), count(*),
            count(DISTINCT NULLIF(payload->'user_id', 'null'::jsonb)),
            percentile_disc(0.95) WITHIN GROUP (ORDER BY (payload->'duration_ms')::float8)
                FILTER (WHERE jsonb_typeof(payload->'duration_ms') = 'number')
        FROM eventlog.records WHERE topic_id = \(topicID) GROUP BY 1
        """
    let definition = try AnalysisDefinition(json: [
        "topic": "page_view", "window": "1h",
        "aggregations": [
            ["name": "views", "op": "count"], ["name": "users", "op": "count_distinct", "field": "user_id"],
            ["name": "p95_ms", "op": "p95", "field": "duration_ms"],
        ],
    ])
    let (analysis, _) = try analytics.analyses.put(name: "hourly_views", definition: definition)
    let range = start..<Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + span)
    let batches = RunWorker.batches(of: range, size: .oneHour)

    // Rounds alternate the contenders so that load from other processes hits them alike; the
    // figure to compare is the median of the per-round ratios.
    let rounds = argument("--rounds", default: 5)
    var plainTimes: [Double] = [], equivalentTimes: [Double] = [], computeTimes: [Double] = [], rebuildTimes: [Double] = []
    for _ in 0..<rounds {
        var began = clock.now
        let rows = try pool.withConnection { try $0.query(plainSQL) }
        plainTimes.append(seconds(clock.now - began))
        precondition(rows.count == 720, "expected 720 hourly windows, got \(rows.count)")

        began = clock.now
        _ = try pool.withConnection { try $0.query(equivalentSQL) }
        equivalentTimes.append(seconds(clock.now - began))

        began = clock.now
        var computed = 0
        for batch in batches { computed += try analytics.computer.compute(definition, windowStarts: batch).count }
        computeTimes.append(seconds(clock.now - began))
        precondition(computed == 720)

        began = clock.now
        var windows = 0
        try analytics.pipeline.processPipelined(analysis, batches: batches) { index in windows += batches[index].count }
        rebuildTimes.append(seconds(clock.now - began))
        precondition(windows == 720)
    }
    let check = try HTTPClient().execute(HTTPClientRequest(
        url: "\(cacheURL)/v1/annotations/hourly_views?from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z",
        headers: ["Authorization": "Bearer \(adminKey)"]))
    let readBack = (try JSONParser.parse(check.body))["annotations"]?.array?.count ?? 0
    precondition(readBack == 168, "the cache holds \(readBack) of 168 annotations for the first week")

    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    let plain = plainTimes.min()!
    print("")
    print("\(rounds) rounds; time = best round, ratio = median of the per-round ratios to PostgreSQL alone (first row)")
    print("")
    print("| what (\(eventCount) events, 30 days, 720 hourly windows) | time | events/s | vs PostgreSQL |")
    print("| --- | ---: | ---: | ---: |")
    func row(_ name: String, _ times: [Double]) {
        let ratios = zip(times, plainTimes).map { $0 / $1 }
        let best = times.min()!
        print("| \(name) | \(String(format: "%.2f", best)) s | \(String(format: "%.0f", Double(eventCount) / best)) | \(String(format: "%.2f", median(ratios)))x |")
    }
    row("PostgreSQL alone: one GROUP BY (count, count(DISTINCT), percentile_disc)", plainTimes)
    row("PostgreSQL alone, the same GROUP BY with Analytics's null and type rules written by hand", equivalentTimes)
    row("Analytics compute only: WindowQuery in the \(batches.count) weekly batches a run uses", computeTimes)
    row("Analytics full rebuild as a run does it: weekly batches newest first, compute + PUT to the cache + completed event (next batch computed while the last is sent)", rebuildTimes)
    _ = plain

    // MARK: - Freshness under a steady load

    let live = TopicName("live")!
    try log.createTopic(live, retention: .forever)
    let fresh = try AnalysisDefinition(json: [
        "topic": "live", "window": "1m", "groupBy": ["kind"], "aggregations": [["name": "n", "op": "count"]],
    ])
    _ = try analytics.analyses.put(name: "fresh", definition: fresh)
    analytics.start()
    let stop = Atomic(false)
    let loadThread = Thread {
        var sequence = 0
        while !stop.load(ordering: .relaxed) {
            let now = Timestamp.now()
            let records = (0..<10).map { _ -> AppendRecord in
                sequence += 1
                return AppendRecord(id: "load-\(sequence)", time: now, payload: ["kind": "load", "n": .number(JSONNumber(sequence))])
            }
            _ = try? log.append(records, to: live)
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
    loadThread.start()
    let client = HTTPClient()
    var latencies: [Double] = []
    var probesInWindow: [Timestamp: Int] = [:]
    Thread.sleep(forTimeInterval: 2)
    for index in 0..<probes {
        let now = Timestamp.now()
        let window = WindowSize.oneMinute.windowStart(containing: now)
        _ = try log.append([AppendRecord(id: "probe-\(index)", time: now, payload: ["kind": "probe"])], to: live)
        let committed = clock.now
        probesInWindow[window, default: 0] += 1
        let expected = probesInWindow[window]!
        let end = Timestamp(microsecondsSinceEpoch: window.microsecondsSinceEpoch + 60_000_000)
        let deadline = clock.now + .seconds(30)
        while clock.now < deadline {
            let response = try? client.execute(HTTPClientRequest(
                url: "\(cacheURL)/v1/annotations/fresh?from=\(window.rfc3339)&to=\(end.rfc3339)&group=kind:probe",
                headers: ["Authorization": "Bearer \(adminKey)"]))
            let count = response.flatMap { try? JSONParser.parse($0.body) }?["annotations"]?.array?
                .first { $0["group"]?["kind"] == "probe" }?["eventCount"]?.int ?? 0
            if count >= expected {
                latencies.append(seconds(clock.now - committed))
                break
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
        Thread.sleep(forTimeInterval: 0.05)
    }
    stop.store(true, ordering: .relaxed)
    analytics.stop()
    print("")
    print("freshness (\(latencies.count) of \(probes) probes seen, load 200 events/s in batches of 10): p50 \(String(format: "%.0f", percentile(latencies, 0.5) * 1000)) ms, p99 \(String(format: "%.0f", percentile(latencies, 0.99) * 1000)) ms")
    client.shutdown()
    cacheServer.shutdown()
    cacheServer.wait()
}

do {
    try benchmark()
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
