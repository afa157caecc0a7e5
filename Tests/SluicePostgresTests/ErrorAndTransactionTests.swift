import Foundation
import SluicePostgres
import SluiceTestSupport
import Testing

private struct BodyFailed: Error {}

@Suite("Errors and transactions")
struct ErrorAndTransactionTests {
    @Test func uniqueViolationHasItsCodeAndADescriptionWithoutData() throws {
        try TestDatabase.with(label: "unique") { db throws in
            try db.pool.withConnection { conn in
                try conn.execute("CREATE TABLE users (email text PRIMARY KEY)")
                try conn.execute("INSERT INTO users VALUES (\("secret@example.com"))")
                let error = #expect(throws: PostgresError.self) {
                    try conn.execute("INSERT INTO users VALUES (\("secret@example.com"))")
                }
                #expect(error?.code == .uniqueViolation)
                #expect(error?.kind == .server)
                #expect(error?.isUnavailable == false)
                #expect(error?.constraintName == "users_pkey")
                #expect(error?.detail?.contains("secret@example.com") == true)
                #expect(error.map { String(describing: $0) }?.contains("secret") == false)
                // The connection stays usable after a statement error.
                #expect(try conn.query("SELECT count(*) FROM users").first!.decode(Int.self) == 1)
            }
        }
    }

    @Test func syntaxErrorsAndConnectionFailuresAreDistinguished() throws {
        try TestDatabase.with(label: "errors") { db throws in
            let syntax = #expect(throws: PostgresError.self) { _ = try db.pool.withConnection { try $0.query("SELEC 1") } }
            #expect(syntax?.code == .syntaxError && syntax?.kind == .server)
        }
        let url = "postgresql://postgres:hunter2secret@127.0.0.1:1/nowhere"
        let refused = #expect(throws: PostgresError.self) {
            try PostgresConnection.connect(url: url, connectTimeout: .seconds(2))
        }
        #expect(refused?.kind == .connectionUnavailable && refused?.isUnavailable == true)
        #expect(refused.map { String(describing: $0) }?.contains("hunter2") == false)
        #expect(refused.map { String(describing: $0) }?.contains("127.0.0.1") == false)
    }

    @Test func invalidIdentifiersAreRefused() throws {
        for bad in ["", "Events", "a b", "x;drop", "\"q\"", "a.b.c", "1abc", String(repeating: "a", count: 64)] {
            #expect(throws: PostgresError.self) { try PostgresIdentifier(bad) }
        }
        let qualified = "ingest.events"
        #expect(try PostgresIdentifier(qualified).quoted == "\"ingest\".\"events\"")
    }

    @Test func commitPersistsAndRollbackRethrowsTheBodyError() throws {
        try TestDatabase.with(label: "tx") { db throws in
            try db.pool.withConnection { try $0.execute("CREATE TABLE t (id int8 PRIMARY KEY)") }
            try db.pool.withTransaction { try $0.execute("INSERT INTO t VALUES (1)") }
            #expect(throws: BodyFailed.self) {
                try db.pool.withTransaction { conn in
                    try conn.execute("INSERT INTO t VALUES (2)")
                    throw BodyFailed()
                }
            }
            let ids = try db.pool.withConnection { try $0.query("SELECT id FROM t").map { try $0.decode(Int64.self) } }
            #expect(ids == [1])
        }
    }

    @Test func aSwallowedStatementErrorMakesCommitFail() throws {
        try TestDatabase.with(label: "txcommit") { db throws in
            try db.pool.withConnection { try $0.execute("CREATE TABLE t (id int8 PRIMARY KEY)") }
            let error = #expect(throws: PostgresTransactionError.self) {
                try db.pool.withTransaction { conn in
                    try conn.execute("INSERT INTO t VALUES (1)")
                    _ = try? conn.execute("INSERT INTO t VALUES (1)")  // fails; transaction is now aborted
                }
            }
            #expect(error?.commitError?.code == .inFailedSQLTransaction)
            #expect(error?.beginError == nil && error?.rollbackError == nil)
            let count = try db.pool.withConnection { try $0.query("SELECT count(*) FROM t").first!.decode(Int.self) }
            #expect(count == 0)
        }
    }

    @Test func isolationLevelIsApplied() throws {
        try TestDatabase.with(label: "txiso") { db throws in
            let level = try db.pool.withTransaction(isolation: .serializable) {
                try $0.query("SHOW transaction_isolation").first!.decode(String.self)
            }
            #expect(level == "serializable")
        }
    }
}
