// sluice-bench-eventlog: append and consume throughput of the PostgreSQL event log next to
// a plain multi-row INSERT of the same rows, and append-to-delivery latency.
//
//   SLUICE_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:55440/sluice \
//       swift run -c release sluice-bench-eventlog [--quick]
//
// Creates a scratch database next to the one named, and drops it at the end. Every
// transaction commits durably (synchronous_commit on, the server's default).
import Foundation
import SluiceEventLog
import SluiceJSON
import SluicePostgres

func benchmark() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let serverURL = environment["SLUICE_BENCH_DATABASE_URL"] ?? environment["SLUICE_TEST_DATABASE_URL"] else {
        print("set SLUICE_BENCH_DATABASE_URL (start a server with scripts/postgres.sh start .data/postgres 55440)")
        exit(2)
    }
    let quick = CommandLine.arguments.contains("--quick")

    // MARK: - Scratch database

    let databaseName = "bench_eventlog_\(UInt32.random(in: 0...UInt32.max))"
    let admin = try PostgresConnection.connect(url: serverURL)
    try admin.executeScript("CREATE DATABASE \(identifier: try PostgresIdentifier(databaseName))")
    let url = String(serverURL[..<serverURL.lastIndex(of: "/")!]) + "/" + databaseName
    defer {
        _ = try? admin.executeScript("DROP DATABASE IF EXISTS \(identifier: try PostgresIdentifier(databaseName)) WITH (FORCE)")
        admin.close()
    }
    var poolConfiguration = PostgresPoolConfiguration(url: url)
    poolConfiguration.maxConnections = 4
    let pool = PostgresPool(configuration: poolConfiguration)
    try EventLogSchema.migrate(pool: pool)
    let log = PostgresEventLog(connections: pool)
    let synchronousCommit = try pool.withConnection {
        try $0.query("SHOW synchronous_commit").first { _ in true }!.decode(column: 0, as: String.self)
    }
    let fsync = try pool.withConnection { try $0.query("SHOW fsync").first { _ in true }!.decode(column: 0, as: String.self) }
    print("PostgreSQL: synchronous_commit=\(synchronousCommit) fsync=\(fsync)")

    // MARK: - Rows

    /// A typical page-view event, ~230 bytes of JSON.
    func payload(_ n: Int) -> JSONValue {
        [
            "user_id": .string("u-\(n % 9_973)"), "session_id": .string("s-\(n % 50_021)-\(n / 7)"),
            "page": .string("/products/\(n % 1_000)"), "referrer": "https://search.example/?q=sluice",
            "duration_ms": .number(JSONNumber(n % 30_000)), "viewport": ["w": 1280, "h": 800],
            "tags": ["organic", "mobile"],
        ]
    }

    var sequence = 0
    func makeRecords(_ count: Int) -> [AppendRecord] {
        let now = Timestamp.now()
        return (0..<count).map { _ in
            sequence += 1
            return AppendRecord(
                id: "evt-\(sequence)", time: now, payload: payload(sequence),
                attributes: RecordAttributes(schemaVersion: 1, producerKeyID: "key-1"))
        }
    }

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    // MARK: - Baseline: plain multi-row INSERT

    try pool.withConnection { connection in
        try connection.executeScript(
            """
            CREATE TABLE public.plain (
                id text PRIMARY KEY, time timestamptz NOT NULL, appended_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                payload jsonb NOT NULL, schema_version integer, producer_key_id text
            )
            """)
    }

    func plainInsert(_ records: [AppendRecord], on connection: PostgresConnection) throws {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: records.count * 40, interpolationCount: records.count * 5)
        sql.appendLiteral("INSERT INTO public.plain (id, time, payload, schema_version, producer_key_id) VALUES ")
        for (index, record) in records.enumerated() {
            sql.appendLiteral(index == 0 ? "(" : ", (")
            sql.appendInterpolation(record.id)
            sql.appendLiteral(", ")
            sql.appendInterpolation(record.time.rfc3339)
            sql.appendLiteral("::timestamptz, ")
            sql.appendInterpolation(String(decoding: JSONSerializer.serialize(record.payload), as: UTF8.self))
            sql.appendLiteral("::jsonb, ")
            sql.appendInterpolation(Int32(record.attributes.schemaVersion ?? 0))
            sql.appendLiteral(", ")
            sql.appendInterpolation(record.attributes.producerKeyID ?? "")
            sql.appendLiteral(")")
        }
        try connection.execute(PostgresQuery(stringInterpolation: sql))
    }

    // MARK: - Append throughput

    struct Row {
        var batch: Int
        var records: Int
        var logRate: Double
        var plainRate: Double
    }

    let plan: [(batch: Int, records: Int)] =
        quick ? [(1, 300), (10, 2_000), (100, 10_000), (1000, 20_000)] : [(1, 2_000), (10, 10_000), (100, 50_000), (1000, 100_000)]
    var results: [Row] = []
    let clock = ContinuousClock()
    let topic = TopicName("bench_page_view")!
    try log.createTopic(topic, retention: .forever)

    for (batch, total) in plan {
        let batches = (0..<(total / batch)).map { _ in makeRecords(batch) }
        // Alternate the two in rounds so drift (autovacuum, checkpoints, other load on the
        // machine) hits both alike; report the totals and the median of per-round ratios.
        var logTime = Duration.zero
        var plainTime = Duration.zero
        var ratios: [Double] = []
        let rounds = 8
        let perRound = batches.count / rounds
        for round in 0..<rounds {
            let slice = batches[(round * perRound)..<((round + 1) * perRound)]
            let logRound = try clock.measure {
                for records in slice { _ = try log.append(records, to: topic) }
            }
            let plainRound = try clock.measure {
                try pool.withConnection { connection in
                    for records in slice { try connection.withTransaction { try plainInsert(records, on: $0) } }
                }
            }
            logTime += logRound
            plainTime += plainRound
            ratios.append(seconds(plainRound) / seconds(logRound))
        }
        let count = Double(perRound * rounds * batch)
        let row = Row(batch: batch, records: Int(count), logRate: count / seconds(logTime), plainRate: count / seconds(plainTime))
        results.append(row)
        let medianRatio = ratios.sorted()[ratios.count / 2]
        print(
            "append batch \(batch): \(Int(row.logRate)) records/s; plain INSERT \(Int(row.plainRate)) records/s; "
                + "ratio \(String(format: "%.2f", row.logRate / row.plainRate)) (median of \(rounds) rounds \(String(format: "%.2f", medianRatio)))"
        )
    }

    // MARK: - Transport: how a batch reaches the server (plain table, no log logic)

    // The log sends a batch as one jsonb array parameter; this compares that transport with
    // multi-row VALUES, unnest() of array parameters and COPY, for the same rows and commits.
    try pool.withConnection { connection in
        try connection.executeScript(
            """
            CREATE TABLE public.transport (
                id text PRIMARY KEY, time timestamptz NOT NULL, payload jsonb NOT NULL, producer_key_id text
            )
            """)
    }
    for batch in [100, 1000] {
        let batches = (0..<(quick ? 20_000 : 50_000) / batch).map { _ in makeRecords(batch) }
        var timings: [String: Duration] = [:]
        let rounds = 4
        let perRound = batches.count / rounds
        for round in 0..<rounds {
            let slice = Array(batches[(round * perRound)..<((round + 1) * perRound)])
            try pool.withConnection { connection in
                timings["jsonb array parameter", default: .zero] += try clock.measure {
                    for records in slice {
                        try connection.withTransaction { connection in
                            try connection.execute(
                                """
                                INSERT INTO public.transport (id, time, payload, producer_key_id)
                                SELECT e->>'id', (e->>'time')::timestamptz, e->'payload', e->>'producer_key_id'
                                FROM jsonb_array_elements(\(PostgresEventLog.encodeBatchForBenchmark(records))::jsonb) AS e
                                """)
                        }
                    }
                }
                timings["unnest of array parameters", default: .zero] += try clock.measure {
                    for records in slice {
                        let ids = records.map { $0.id + "-u" }
                        let times = records.map(\.time.rfc3339)
                        let payloads = records.map { String(decoding: JSONSerializer.serialize($0.payload), as: UTF8.self) }
                        let keys = records.map { $0.attributes.producerKeyID ?? "" }
                        try connection.withTransaction { connection in
                            try connection.execute(
                                """
                                INSERT INTO public.transport (id, time, payload, producer_key_id)
                                SELECT i, t::timestamptz, p::jsonb, k FROM unnest(\(ids), \(times), \(payloads), \(keys)) AS u(i, t, p, k)
                                """)
                        }
                    }
                }
                timings["COPY FROM STDIN", default: .zero] += try clock.measure {
                    for records in slice {
                        try connection.withTransaction { connection in
                            try connection.copyIn(
                                table: "public.transport", columns: ["id", "time", "payload", "producer_key_id"],
                                rows: records.map { record -> [any PostgresEncodable] in
                                    [
                                        record.id + "-c", record.time.rfc3339,
                                        String(decoding: JSONSerializer.serialize(record.payload), as: UTF8.self),
                                        record.attributes.producerKeyID ?? "",
                                    ]
                                })
                        }
                    }
                }
                timings["multi-row VALUES", default: .zero] += try clock.measure {
                    for records in slice {
                        try connection.withTransaction { connection in
                            var sql = PostgresQuery.StringInterpolation(literalCapacity: records.count * 40, interpolationCount: records.count * 4)
                            sql.appendLiteral("INSERT INTO public.transport (id, time, payload, producer_key_id) VALUES ")
                            for (index, record) in records.enumerated() {
                                sql.appendLiteral(index == 0 ? "(" : ", (")
                                sql.appendInterpolation(record.id + "-v")
                                sql.appendLiteral(", ")
                                sql.appendInterpolation(record.time.rfc3339)
                                sql.appendLiteral("::timestamptz, ")
                                sql.appendInterpolation(String(decoding: JSONSerializer.serialize(record.payload), as: UTF8.self))
                                sql.appendLiteral("::jsonb, ")
                                sql.appendInterpolation(record.attributes.producerKeyID ?? "")
                                sql.appendLiteral(")")
                            }
                            try connection.execute(PostgresQuery(stringInterpolation: sql))
                        }
                    }
                }
            }
        }
        let count = Double(perRound * rounds * batch)
        for (name, time) in timings.sorted(by: { $0.value < $1.value }) {
            print("transport batch \(batch), \(name): \(Int(count / seconds(time))) records/s")
        }
    }

    // MARK: - Consume throughput (one group, one member)

    let appendedTotal = try log.lastOffset(topic: topic)
    let consumer = Consumer(
        log: log, group: GroupName("bench")!, topic: topic, member: "bench-1",
        configuration: ConsumerConfiguration(batchSize: 1000))
    var consumed = 0
    let consumeTime = try clock.measure {
        while let handled = try consumer.processNextClaim(handler: { _ in consumed += 1 }) { _ = handled }
    }
    let consumeRate = Double(consumed) / seconds(consumeTime)
    print("consume: \(consumed) of \(appendedTotal) records in \(String(format: "%.2f", seconds(consumeTime))) s = \(Int(consumeRate)) records/s")

    // MARK: - Append-to-delivery latency for an idle consumer

    let latencyTopic = TopicName("bench_latency")!
    try log.createTopic(latencyTopic, retention: .forever)
    let notifier = PostgresAppendNotifier(url: url)
    while !notifier.isListening { Thread.sleep(forTimeInterval: 0.01) }
    let idle = Consumer(
        log: log, group: GroupName("latency")!, topic: latencyTopic, member: "idle",
        configuration: ConsumerConfiguration(batchSize: 100, pollInterval: .seconds(1)), notifier: notifier)
    final class Latencies: @unchecked Sendable {
        let lock = NSLock()
        var values: [Double] = []
        func add(_ value: Double) { lock.withLock { values.append(value) } }
        var count: Int { lock.withLock { values.count } }
    }
    let latencies = Latencies()
    let samples = quick ? 100 : 300
    let consumerThread = Thread {
        idle.run { record in
            let sent = record.payload["sent_us"]?.int64 ?? 0
            latencies.add(Double(Timestamp.now().microsecondsSinceEpoch - sent) / 1000)
        }
    }
    consumerThread.start()
    Thread.sleep(forTimeInterval: 0.2)
    for n in 0..<samples {
        let sent = Timestamp.now().microsecondsSinceEpoch
        _ = try log.append(
            [AppendRecord(id: "lat-\(n)", time: Timestamp.now(), payload: ["sent_us": .number(JSONNumber(sent))])], to: latencyTopic)
        Thread.sleep(forTimeInterval: 0.02)  // let the consumer go idle again
    }
    while latencies.count < samples { Thread.sleep(forTimeInterval: 0.01) }
    idle.stop()
    notifier.stop()
    let sorted = latencies.values.sorted()
    func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
    print(
        "append-to-delivery latency (append call -> handler, idle consumer, \(samples) samples): p50 \(String(format: "%.2f", percentile(0.5))) ms, p99 \(String(format: "%.2f", percentile(0.99))) ms, max \(String(format: "%.2f", sorted.last ?? 0)) ms"
    )
    pool.close()
}

try benchmark()
