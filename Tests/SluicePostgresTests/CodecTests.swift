import Foundation
import Testing

@testable import SluicePostgres

/// The pure text codecs, without a server.
@Suite("Text codecs")
struct CodecTests {
    @Test func timestampsFormatAndParseAtMicrosecondPrecision() throws {
        #expect(PostgresTimestamp.format(microsecondsSince1970: 0) == "1970-01-01 00:00:00.000000+00")
        #expect(PostgresTimestamp.format(microsecondsSince1970: -1) == "1969-12-31 23:59:59.999999+00")
        #expect(PostgresTimestamp.format(microsecondsSince1970: 951_782_400_000_001) == "2000-02-29 00:00:00.000001+00")
        for micros: Int64 in [0, -1, 1, 951_782_400_000_001, 1_763_781_868_123_456, -62_135_596_800_000_000] {
            #expect(PostgresTimestamp.parse(PostgresTimestamp.format(microsecondsSince1970: micros)) == micros)
        }
        #expect(PostgresTimestamp.parse("2026-11-22 03:44:28+00") == 1_795_319_068_000_000)
        #expect(PostgresTimestamp.parse("2026-11-22 05:44:28.5+02") == 1_795_319_068_500_000)
        #expect(PostgresTimestamp.parse("2026-11-22 03:14:28-00:30") == 1_795_319_068_000_000)
        #expect(PostgresTimestamp.parse("2026-11-22") == 1_795_305_600_000_000)
        for bad in ["", "2026-13-01", "2026-11-22 03:44", "2026-11-22 03:44:28.", "2026-11-22 03:44:28+00 x"] {
            #expect(PostgresTimestamp.parse(bad) == nil)
        }
    }

    @Test func arrayLiteralsQuoteAndParse() throws {
        let values = ["a", "b,c", "\"q\"", "back\\slash", "", "NULL", "{x}"]
        let literal = String.postgresArrayText(values)
        #expect(literal == #"{"a","b,c","\"q\"","back\\slash","","NULL","{x}"}"#)
        #expect(try PostgresArrayLiteral.parse(literal) == values)
        #expect(try PostgresArrayLiteral.parse("{1,NULL,3}") == ["1", nil, "3"])
        #expect(try PostgresArrayLiteral.parse("{}") == [])
        #expect(throws: PostgresDecodingFailure.self) { try PostgresArrayLiteral.parse("{{1,2},{3,4}}") }
        #expect(throws: PostgresDecodingFailure.self) { try PostgresArrayLiteral.parse("1,2") }
    }

    @Test func copyFieldsEscapeTheSeparators() {
        var buffer: [UInt8] = []
        PostgresCopyText.appendField("a\tb\nc\rd\\e\\N", to: &buffer)
        buffer.append(UInt8(ascii: "|"))
        PostgresCopyText.appendField(nil, to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"a\tb\nc\rd\\e\\N|\N"#)
    }

    @Test func byteaHex() {
        #expect(PostgresHex.encode([0, 1, 0xab, 0xff]) == #"\x0001abff"#)
        #expect(PostgresHex.decode(#"\x0001ABff"#) == [0, 1, 0xab, 0xff])
        #expect(PostgresHex.decode(#"\x0"#) == nil)
        #expect(PostgresHex.decode("0001") == nil)
    }

    @Test func interpolationBindsValuesAndQuotesIdentifiers() {
        let hostile = "x'); DROP TABLE t; --"
        let table: PostgresIdentifier = "ingest.events"
        let query: PostgresQuery = "SELECT * FROM \(identifier: table) WHERE a = \(hostile) AND b = \(Int64(2)) \(unsafeRaw: "LIMIT 1")"
        #expect(query.sql == #"SELECT * FROM "ingest"."events" WHERE a = $1 AND b = $2 LIMIT 1"#)
        #expect(query.bindings.parameters.map(\.text) == [hostile, "2"])
        #expect(query.bindings.parameters.map(\.type) == [.text, .int8])
        #expect(!query.description.contains("DROP"))
    }

    @Test func migrationChecksumIsStableAndSensitive() {
        let a = Migration(version: 1, name: "a", sql: "CREATE TABLE t (id int8)")
        let b = Migration(version: 1, name: "a", sql: "CREATE TABLE t (id int4)")
        #expect(a.checksum == Migration(version: 1, name: "renamed", sql: "CREATE TABLE t (id int8)").checksum)
        #expect(a.checksum != b.checksum)
        #expect(a.checksum.count == 16)
    }
}
