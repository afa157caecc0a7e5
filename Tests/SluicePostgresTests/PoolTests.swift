import Foundation
import SluicePostgres
import SluiceTestSupport
import Testing

@Suite("Pool")
struct PoolTests {
    @Test func exhaustionThrowsPoolExhaustedAfterTheAcquireTimeout() throws {
        try TestDatabase.with(label: "exhaust") { db throws in
            var configuration = PostgresPoolConfiguration(url: db.url)
            configuration.maxConnections = 1
            configuration.acquireTimeout = .milliseconds(300)
            let pool = PostgresPool(configuration: configuration)
            defer { pool.close() }
            try pool.withConnection { _ in
                let started = ContinuousClock.now
                let error = #expect(throws: PostgresError.self) { try pool.withConnection { _ in } }
                #expect(error?.kind == .poolExhausted && error?.isUnavailable == true)
                #expect(ContinuousClock.now - started >= .milliseconds(250))
            }
            // Returned: usable again, and still only one connection.
            #expect(pool.ping())
            #expect(pool.connectionCounts.open == 1)
        }
    }

    @Test func manyThreadsShareABoundedPool() throws {
        try TestDatabase.with(label: "threads") { db throws in
            var configuration = PostgresPoolConfiguration(url: db.url)
            configuration.maxConnections = 3
            configuration.acquireTimeout = .seconds(30)
            let pool = PostgresPool(configuration: configuration)
            defer { pool.close() }
            try pool.withConnection { try $0.execute("CREATE TABLE hits (worker int8)") }
            let failures = Counter()
            DispatchQueue.concurrentPerform(iterations: 12) { worker in
                do {
                    for _ in 0..<5 {
                        try pool.withTransaction { try $0.execute("INSERT INTO hits VALUES (\(worker))") }
                    }
                } catch {
                    failures.increment()
                }
            }
            #expect(failures.value == 0)
            #expect(pool.connectionCounts.open <= 3)
            #expect(try pool.withConnection { try $0.query("SELECT count(*) FROM hits").first!.decode(Int.self) } == 60)
        }
    }

    @Test func aConnectionLeftInATransactionIsNotReused() throws {
        try TestDatabase.with(label: "leak") { db throws in
            try db.pool.withConnection { try $0.executeScript("BEGIN") }
            let idleInTransaction = try db.pool.withConnection {
                try $0.query(
                    """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND state LIKE 'idle in transaction%'
                    """
                ).first!.decode(Int.self)
            }
            #expect(idleInTransaction == 0)
            #expect(db.pool.connectionCounts.open == 1)
            #expect(db.pool.lastKnownReachable)
        }
    }
}

/// A thread-safe counter for tests.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
