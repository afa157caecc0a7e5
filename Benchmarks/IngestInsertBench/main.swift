// The PostgreSQL reference for the Ingest benchmark (Benchmarks/ingest-bench.sh): what the
// database alone accepts for the same rows, written the plainest fast way: each of
// CLIENTS connections commits one multi-row INSERT of 100 event rows per transaction
// (synchronous_commit as the server has it: on), for SECONDS.
//
//   sluice-bench-ingest-insert DATABASE_URL [clients, 64] [seconds, 15] [sha|short] [keep|new] [rows]
//
// The table has the columns Ingest stores per event and a primary key on (topic, id), the
// index dedup needs, comparing ids bytewise (COLLATE "C") as the event log's dedup index
// does. The ids look like the ones Ingest derives when a producer sends none, "sha256:" and
// 64 hex digits spread evenly (from a fast generator, not hashed, so the
// client spends no CPU on them); `short` as a fourth argument uses the earlier short,
// ordered ids ("c3-b12-r7"), which are cheaper for the index. Prints `rows_per_s p50_ms
// p99_ms` (per-transaction latency).
import Foundation
import SluicePostgres
import Synchronization

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: sluice-bench-ingest-insert DATABASE_URL [clients] [seconds]\n".utf8))
    exit(64)
}
let url = arguments[1]
let clients = arguments.count > 2 ? Int(arguments[2]) ?? 64 : 64
let seconds = arguments.count > 3 ? Double(arguments[3]) ?? 15 : 15
let rowsPerTransaction = 100
let shortIDs = arguments.count > 4 && arguments[4] == "short"
/// `keep` as a fifth argument keeps the table of earlier rounds (the Ingest benchmark's
/// rounds let both sides' tables grow alike).
let keepTable = arguments.count > 5 && arguments[5] == "keep"
/// A sixth argument, a row count: insert exactly that many rows (in transactions of 100) and
/// stop, instead of running for `seconds` (the Ingest benchmark gives each round the count
/// Ingest stored in its round, so both sides' tables grow alike).
let targetRows = arguments.count > 6 ? Int(arguments[6]) : nil
let claimedRows = Atomic<Int>(0)

/// An id like Ingest's derived ones: "sha256:" + 64 hex digits from SplitMix64.
struct IDGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func id() -> String {
        var text = "sha256:"
        for _ in 0..<4 {
            let hex = String(next(), radix: 16)
            text += String(repeating: "0", count: 16 - hex.count) + hex
        }
        return text
    }
}

/// One event's data, about 300 bytes of JSON like the HTTP benchmark's.
@Sendable func data(client: Int, batch: Int, row: Int) -> PostgresJSONB {
    PostgresJSONB(
        #"{"user_id":"u\#(row % 97)","session_id":"\#(client)-\#(batch)-\#(row)","url":"https://shop.example.com/products/\#(row)?ref=campaign","referrer":"https://www.example.org/search?q=shoes","country":"DE","device":"mobile","browser":"Firefox 132","duration_ms":\#(800 + row),"seq":\#(batch * 100 + row)}"#
    )
}

do {
    let setup = try PostgresConnection.connect(url: url)
    if !keepTable { try setup.executeScript("DROP TABLE IF EXISTS bench_ingest_insert") }
    try setup.executeScript(
        """
        CREATE TABLE IF NOT EXISTS bench_ingest_insert (
            topic text NOT NULL, id text COLLATE "C" NOT NULL, time timestamptz NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),
            schema_version integer, producer_key_id text, traceparent text, data jsonb NOT NULL,
            PRIMARY KEY (topic, id));
        """)
    setup.close()
} catch {
    FileHandle.standardError.write(Data("setup failed: \(error)\n".utf8))
    exit(1)
}

let latencies = Mutex<[Double]>([])
let failures = Atomic<Int>(0)
let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
let started = ContinuousClock.now
let group = DispatchGroup()
for client in 0..<clients {
    group.enter()
    let thread = Thread {
        defer { group.leave() }
        var mine: [Double] = []
        var ids = IDGenerator(state: UInt64(client) &* 0x1234_5678_9ABC_DEF1 &+ UInt64(UInt32.random(in: 0...UInt32.max)))
        do {
            let connection = try PostgresConnection.connect(url: url)
            defer { connection.close() }
            var batch = 0
            while targetRows.map({ claimedRows.add(rowsPerTransaction, ordering: .relaxed).newValue <= $0 })
                ?? (ContinuousClock.now < deadline)
            {
                batch += 1
                var sql = PostgresQuery.StringInterpolation(literalCapacity: 128 * rowsPerTransaction, interpolationCount: 5 * rowsPerTransaction)
                sql.appendLiteral("INSERT INTO bench_ingest_insert (topic, id, time, schema_version, producer_key_id, data) VALUES ")
                for row in 0..<rowsPerTransaction {
                    sql.appendLiteral(row == 0 ? "(" : ", (")
                    sql.appendInterpolation("bench")
                    sql.appendLiteral(", ")
                    sql.appendInterpolation(shortIDs ? "c\(client)-b\(batch)-r\(row)" : ids.id())
                    sql.appendLiteral(", now(), 1, ")
                    sql.appendInterpolation("bench-key")
                    sql.appendLiteral(", ")
                    sql.appendInterpolation(data(client: client, batch: batch, row: row))
                    sql.appendLiteral(")")
                }
                let query = PostgresQuery(stringInterpolation: sql)
                let begin = ContinuousClock.now
                try connection.withTransaction { connection in _ = try connection.execute(query) }
                let elapsed = begin.duration(to: .now)
                mine.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
        } catch {
            failures.add(1, ordering: .relaxed)
            FileHandle.standardError.write(Data("client \(client): \(error)\n".utf8))
        }
        latencies.withLock { $0 += mine }
    }
    thread.start()
}
group.wait()
let elapsed = started.duration(to: .now)
let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let sorted = latencies.withLock { $0 }.sorted()
guard !sorted.isEmpty else { exit(1) }
let rows = Double(sorted.count * rowsPerTransaction)
print(
    String(
        format: "%.0f %.1f %.1f", rows / total, sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]))
exit(failures.load(ordering: .relaxed) == 0 ? 0 : 1)
