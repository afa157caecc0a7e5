import Foundation
import SluicePostgres
import SluiceTestSupport
import Testing

@Suite("Parameters round-trip through the server")
struct ParameterRoundTripTests {
    /// Sends `value` as a bound parameter and decodes what the server sends back.
    private func roundTrip<T: PostgresEncodable & PostgresDecodable>(_ value: T, on pool: PostgresPool) throws -> T {
        try pool.withConnection { try $0.query("SELECT \(value) AS v").first!.decode(T.self) }
    }

    @Test func integersBoolsAndDoubles() throws {
        try TestDatabase.with(label: "scalars") { db throws in
            for value in [0, 42, -7, Int.min, Int.max] { #expect(try roundTrip(value, on: db.pool) == value) }
            for value: Int32 in [0, .min, .max] { #expect(try roundTrip(value, on: db.pool) == value) }
            for value: Int64 in [1, .min, .max] { #expect(try roundTrip(value, on: db.pool) == value) }
            #expect(try roundTrip(true, on: db.pool) == true)
            #expect(try roundTrip(false, on: db.pool) == false)
            for value in [3.141592653589793, -0.1, 1e-300, 1.7976931348623157e308, .infinity, -.infinity] {
                #expect(try roundTrip(value, on: db.pool) == value)
            }
            #expect(try roundTrip(Double.nan, on: db.pool).isNaN)
        }
    }

    @Test func stringsWithUnicodeQuotesAndInjectionAttempts() throws {
        try TestDatabase.with(label: "strings") { db throws in
            let values = [
                "", "plain", "héllo wörld 🌊 日本語", "O'Brien said \"hi\"", "back\\slash", "tab\tnew\nline\r",
                "'); DROP TABLE notes; --", "$1 $2 ::int", "\\N", "NULL",
            ]
            for value in values { #expect(try roundTrip(value, on: db.pool) == value) }
            // The injection attempt is stored as data and the table survives.
            try db.pool.withConnection { conn in
                try conn.execute("CREATE TABLE notes (body text NOT NULL)")
                for value in values { try conn.execute("INSERT INTO notes (body) VALUES (\(value))") }
                let stored = try conn.query("SELECT body FROM notes ORDER BY body").map { try $0.decode(String.self) }
                #expect(stored == values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            }
        }
    }

    @Test func bytesDatesUUIDsAndJSON() throws {
        try TestDatabase.with(label: "types") { db throws in
            let allBytes = (0...255).map { UInt8($0) }
            #expect(try roundTrip(allBytes, on: db.pool) == allBytes)
            #expect(try roundTrip([UInt8](), on: db.pool) == [])

            let date = Date(timeIntervalSince1970: 1_763_781_868.123456)
            let decoded = try roundTrip(date, on: db.pool)
            #expect(abs(decoded.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.000_001)
            let old = Date(timeIntervalSince1970: -1_000_000_000.5)  // 1938, before the epoch
            #expect(try roundTrip(old, on: db.pool) == old)
            // The server agrees on the instant, not just our own codec.
            let epoch = try db.pool.withConnection {
                try $0.query("SELECT extract(epoch FROM \(date))::text").first!.decode(String.self)
            }
            #expect(epoch == "1763781868.123456")

            let uuid = UUID()
            #expect(try roundTrip(uuid, on: db.pool) == uuid)

            let json = PostgresJSONB(#"{"name": "ünï \"q\"", "list": [1, 2.5, null, true]}"#)
            let back = try roundTrip(json, on: db.pool)
            #expect(back.string == #"{"list": [1, 2.5, null, true], "name": "ünï \"q\""}"#)
        }
    }

    @Test func arraysAndNulls() throws {
        try TestDatabase.with(label: "arrays") { db throws in
            let strings = ["a", "b,c", "\"quoted\"", "back\\slash", "", "NULL", "{braces}", "ünï 🌊", " spaced "]
            #expect(try roundTrip(strings, on: db.pool) == strings)
            #expect(try roundTrip([String](), on: db.pool) == [])
            let numbers: [Int64] = [1, -2, .max, .min, 0]
            #expect(try roundTrip(numbers, on: db.pool) == numbers)
            let cardinality = try db.pool.withConnection {
                try $0.query("SELECT cardinality(\(strings))").first!.decode(Int.self)
            }
            #expect(cardinality == strings.count)

            let none: String? = nil
            #expect(try roundTrip(none, on: db.pool) == nil)
            #expect(try roundTrip(Optional("x"), on: db.pool) == "x")
            let isNull = try db.pool.withConnection {
                try $0.query("SELECT \(Optional<Int64>.none) IS NULL").first!.decode(Bool.self)
            }
            #expect(isNull)
        }
    }

    @Test func decodesTuplesAndColumnsByName() throws {
        try TestDatabase.with(label: "tuples") { db throws in
            try db.pool.withConnection { conn in
                try conn.execute(
                    "CREATE TABLE people (id int8 PRIMARY KEY, name text NOT NULL, seen timestamptz, tags text[])")
                let inserted = try conn.execute(
                    "INSERT INTO people VALUES (1, 'ann', NULL, '{}'), (2, \("bob"), \(Date(timeIntervalSince1970: 0)), \(["x"]))"
                )
                #expect(inserted == 2)
                let rows = try conn.query("SELECT id, name, seen, tags FROM people ORDER BY id")
                #expect(rows.count == 2)
                #expect(rows.columns.map(\.name) == ["id", "name", "seen", "tags"])
                var decoded: [(Int64, String, Date?, [String])] = []
                for row in rows { decoded.append(try row.decode((Int64, String, Date?, [String]).self)) }
                #expect(decoded[0].0 == 1 && decoded[0].1 == "ann" && decoded[0].2 == nil && decoded[0].3 == [])
                #expect(decoded[1].2 == Date(timeIntervalSince1970: 0) && decoded[1].3 == ["x"])
                #expect(try rows[1].decode(column: "name", as: String.self) == "bob")
                #expect(try conn.execute("DELETE FROM people WHERE id > \(0)") == 2)
            }
        }
    }
}
