// Compares COPY FROM STDIN with multi-row INSERT for the same rows.
//
//   swift run -c release sluice-postgres-bench "$DATABASE_URL" [rows]
//
// Creates and drops a scratch table; prints rows per second for each method.
import Foundation
import SluicePostgres

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: sluice-postgres-bench DATABASE_URL [rows]\n".utf8))
    exit(64)
}
let url = arguments[1]
let rowCount = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
let batchSize = 1000  // rows per INSERT statement (4 parameters each, under the 65535 limit)

let base = Date(timeIntervalSince1970: 1_763_000_000)
func row(_ i: Int) -> (Int64, String, PostgresJSONB, Date) {
    (Int64(i), "page_view", PostgresJSONB(#"{"user": \#(i % 1000), "path": "/p/\#(i)\tx"}"#), base.addingTimeInterval(Double(i)))
}

func measure(_ label: String, _ body: () throws -> Void) rethrows {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("\(label): \(rowCount) rows in \(String(format: "%.3f", seconds)) s = \(Int(Double(rowCount) / seconds)) rows/s")
}

do {
    let conn = try PostgresConnection.connect(url: url)
    defer { conn.close() }
    let table: PostgresIdentifier = "bench_events"
    try conn.executeScript("DROP TABLE IF EXISTS \(identifier: table)")
    try conn.executeScript(
        "CREATE TABLE \(identifier: table) (id int8 PRIMARY KEY, topic text NOT NULL, data jsonb NOT NULL, at timestamptz NOT NULL)")
    defer { try? conn.executeScript("DROP TABLE IF EXISTS \(identifier: table)") }

    try measure("multi-row INSERT (\(batchSize)/statement, one transaction)") {
        try conn.withTransaction { conn in
            var next = 0
            while next < rowCount {
                let end = min(next + batchSize, rowCount)
                var sql = PostgresQuery.StringInterpolation(literalCapacity: 64 * (end - next), interpolationCount: 4 * (end - next))
                sql.appendLiteral("INSERT INTO \(table.quoted) (id, topic, data, at) VALUES ")
                for i in next..<end {
                    let (id, topic, data, at) = row(i)
                    sql.appendLiteral(i == next ? "(" : ", (")
                    sql.appendInterpolation(id)
                    sql.appendLiteral(", ")
                    sql.appendInterpolation(topic)
                    sql.appendLiteral(", ")
                    sql.appendInterpolation(data)
                    sql.appendLiteral(", ")
                    sql.appendInterpolation(at)
                    sql.appendLiteral(")")
                }
                try conn.execute(PostgresQuery(stringInterpolation: sql))
                next = end
            }
        }
    }
    try conn.executeScript("TRUNCATE \(identifier: table)")
    try measure("COPY FROM STDIN (text format, one transaction)") {
        try conn.withTransaction { conn in
            let rows = (0..<rowCount).lazy.map { i -> [any PostgresEncodable] in
                let (id, topic, data, at) = row(i)
                return [id, topic, data, at]
            }
            try conn.copyIn(table: table, columns: ["id", "topic", "data", "at"], rows: rows)
        }
    }
    let count = try conn.query("SELECT count(*) FROM \(identifier: table)").first!.decode(Int.self)
    precondition(count == rowCount, "COPY stored \(count) rows")
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(String(reflecting: error))\n".utf8))
    exit(1)
}
