import Foundation
import SluicePostgres
import SluiceTestSupport
import Testing

@Suite("COPY FROM STDIN")
struct CopyTests {
    private static let awkward = [
        "tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N", "\\.", "ünï 🌊 日本", "'quote\"", "",
        "end with backslash\\",
    ]

    @Test func thousandsOfRowsWithAwkwardCharactersArriveIntact() throws {
        try TestDatabase.with(label: "copy") { db throws in
            try db.pool.withConnection { conn in
                try conn.execute(
                    "CREATE TABLE items (id int8 PRIMARY KEY, label text, payload bytea, at timestamptz, doc jsonb)")
                let count = 5000
                let base = Date(timeIntervalSince1970: 1_700_000_000)
                func label(_ i: Int) -> String? { i % 97 == 0 ? nil : "\(Self.awkward[i % Self.awkward.count]) #\(i)" }
                func payload(_ i: Int) -> [UInt8] { [UInt8(i % 256), 0, 92, 9, 10] }
                func row(_ i: Int) -> [any PostgresEncodable] {
                    [
                        Int64(i), label(i), payload(i), base.addingTimeInterval(Double(i) / 1000),
                        PostgresJSONB(#"{"i": \#(i), "s": "a\tb\\c"}"#),
                    ]
                }
                let copied = try conn.copyIn(
                    table: "items", columns: ["id", "label", "payload", "at", "doc"], rows: (0..<count).lazy.map(row))
                #expect(copied == count)

                let rows = try conn.query("SELECT id, label, payload, at, doc->>'s' FROM items ORDER BY id")
                #expect(rows.count == count)
                var mismatches = 0
                for (i, stored) in rows.enumerated() {
                    let (id, text, bytes, at, s) = try stored.decode((Int64, String?, [UInt8], Date, String).self)
                    if id != Int64(i) || text != label(i) || bytes != payload(i)
                        || abs(at.timeIntervalSince(base) - Double(i) / 1000) > 0.000_001 || s != "a\tb\\c"
                    {
                        mismatches += 1
                    }
                }
                #expect(mismatches == 0)
                let nulls = try conn.query("SELECT count(*) FROM items WHERE label IS NULL").first!.decode(Int.self)
                #expect(nulls == (0..<count).filter { $0 % 97 == 0 }.count)
            }
        }
    }

    @Test func badRowsAbortTheCopyAndLeaveTheConnectionUsable() throws {
        try TestDatabase.with(label: "copybad") { db throws in
            try db.pool.withConnection { conn in
                try conn.execute("CREATE TABLE nums (n int8)")
                let wrongWidth = #expect(throws: PostgresError.self) {
                    try conn.copyIn(table: "nums", columns: ["n"], rows: [[Int64(1)], [Int64(2), Int64(3)]])
                }
                #expect(wrongWidth?.kind == .invalidArgument)
                let badValue = #expect(throws: PostgresError.self) {
                    try conn.copyIn(table: "nums", columns: ["n"], rows: [[Int64(1)], ["not a number"]])
                }
                #expect(badValue?.code == .invalidTextRepresentation)
                #expect(try conn.query("SELECT count(*) FROM nums").first!.decode(Int.self) == 0)
                #expect(try conn.copyIn(table: "nums", columns: ["n"], rows: [[Int64(7)]]) == 1)
            }
        }
    }
}
