import Foundation
import SluicePostgres
import SluiceTestSupport
import Testing

@Suite("Decoding errors name the column, types and call site")
struct DecodingErrorTests {
    @Test func wrongTypeNamesEverything() throws {
        try TestDatabase.with(label: "decode") { db throws in
            let row = try db.pool.withConnection { try $0.query("SELECT 1::int8 AS id, 'abc'::text AS name").first! }
            do {
                _ = try row.decode((Int64, Int64).self)
                Issue.record("expected a decoding error")
            } catch let error as PostgresDecodingError {
                #expect(error.columnName == "name")
                #expect(error.columnIndex == 1)
                #expect(error.swiftType == "Int64")
                #expect(error.postgresType == .text)
                #expect(error.file.hasSuffix("DecodingErrorTests.swift"))
                #expect(error.line > 0)
                #expect(error.description.contains("text") && error.description.contains("oid 25"))
            }
        }
    }

    @Test func nullIntoNonOptionalAndWrongWidth() throws {
        try TestDatabase.with(label: "decodenull") { db throws in
            let row = try db.pool.withConnection { try $0.query("SELECT NULL::timestamptz AS at").first! }
            #expect(try row.decode(Date?.self) == nil)
            let error = #expect(throws: PostgresDecodingError.self) { try row.decode(Date.self) }
            #expect(error?.columnName == "at" && error?.postgresType == .timestamptz)
            #expect(error?.reason.contains("NULL") == true)
            #expect(throws: PostgresDecodingError.self) { try row.decode((Date?, Int).self) }
            #expect(throws: PostgresDecodingError.self) { try row.decode(column: "missing", as: Int.self) }
            let big = try db.pool.withConnection { try $0.query("SELECT 3000000000::int8").first! }
            #expect(throws: PostgresDecodingError.self) { try big.decode(Int32.self) }
        }
    }
}
