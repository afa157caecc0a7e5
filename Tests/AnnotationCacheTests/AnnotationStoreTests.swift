import SluiceJSON
import SluiceTestSupport
import Testing

@testable import AnnotationCache

@Suite struct AnnotationStoreTests {
    @Test func writesThroughAndReadsFromMemoryThenFromTheDatabaseAfterARestart() throws {
        try TestDatabase.with(label: "cachewarm") { db in
            try Fixtures.migrate(db.pool)
            let store = AnnotationStore(pool: db.pool, memory: AnnotationMemory(maxBytes: 1 << 20))
            let documents = (0..<5).flatMap { hour in ["DE", "FR"].map { Fixtures.document(hour: hour, country: $0, views: hour) } }
            let result = try store.put(Fixtures.batch(documents))
            #expect(result.windows == 5 && result.documents == 10)

            let read = try store.read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<8))
            #expect(read.windows.count == 5)
            #expect(read.windows.allSatisfy { $0.documents.count == 2 })
            #expect(read.missing == [Fixtures.range(hours: 5..<8)])
            #expect(read.memoryHits == 5 && read.databaseHits == 0)

            // A new store over the same database: nothing in memory, everything from PostgreSQL.
            let restarted = AnnotationStore(pool: db.pool, memory: AnnotationMemory(maxBytes: 1 << 20))
            let cold = try restarted.read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<5))
            #expect(cold.windows.count == 5 && cold.missing.isEmpty)
            #expect(cold.memoryHits == 0 && cold.databaseHits == 5)
            #expect(cold.windows.map(Fixtures.views) == read.windows.map(Fixtures.views))
            let warm = try restarted.read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<5))
            #expect(warm.memoryHits == 5 && warm.databaseHits == 0)
        }
    }

    @Test func theSameBatchTwiceChangesNothingAndNewerVersionsReplaceOlderOnes() throws {
        try TestDatabase.with(label: "cacheversion") { db in
            try Fixtures.migrate(db.pool)
            let store = AnnotationStore(pool: db.pool, memory: AnnotationMemory(maxBytes: 1 << 20))
            let first = try Fixtures.batch([
                Fixtures.document(hour: 0, country: "DE", views: 1), Fixtures.document(hour: 0, country: "FR", views: 2),
            ])
            try store.put(first)
            try store.put(first)
            let count = try db.pool.withConnection { try $0.query("SELECT count(*) FROM annotation_cache.annotations")[0].decode(Int64.self) }
            #expect(count == 2)

            // Version 2 has only DE: FR of version 1 goes away.
            try store.put(Fixtures.batch([Fixtures.document(hour: 0, version: 2, country: "DE", views: 5)]))
            var read = try store.read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<1))
            #expect(read.windows.first?.version == 2)
            #expect(read.windows.first.map(Fixtures.views) == [5])
            #expect(read.analysis?.version == 2)

            // A late version 1 batch is ignored.
            let stale = try store.put(Fixtures.batch([Fixtures.document(hour: 0, version: 1, country: "DE", views: 99)]))
            #expect(stale.staleWindows == 1 && stale.windows == 0)
            read = try AnnotationStore(pool: db.pool, memory: AnnotationMemory(maxBytes: 1 << 20))
                .read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<1))
            #expect(read.windows.first.map(Fixtures.views) == [5])

            // The same version recomputed (late events) replaces the values.
            try store.put(Fixtures.batch([Fixtures.document(hour: 0, version: 2, country: "DE", views: 6)]))
            read = try store.read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<1))
            #expect(read.windows.first.map(Fixtures.views) == [6])
        }
    }

    @Test func memoryStaysWithinItsBoundAndMissesFallBackToTheDatabase() throws {
        try TestDatabase.with(label: "cachebound") { db in
            try Fixtures.migrate(db.pool)
            let memory = AnnotationMemory(maxBytes: 4096)
            let store = AnnotationStore(pool: db.pool, memory: memory)
            try store.put(Fixtures.batch((0..<48).map { Fixtures.document(hour: $0, country: "DE") }))
            let statistics = memory.statistics
            #expect(statistics.bytes <= 4096)
            #expect(statistics.windows < 48 && statistics.evictions > 0)
            let read = try store.read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<48))
            #expect(read.windows.count == 48 && read.missing.isEmpty)
            #expect(read.databaseHits > 0)
            #expect(memory.statistics.bytes <= 4096)
        }
    }

    @Test func expiredWindowsAreMissingAfterTheAnalysisTTL() throws {
        try TestDatabase.with(label: "cachettl") { db in
            try Fixtures.migrate(db.pool)
            let clock = TestClock(Fixtures.day)
            let store = AnnotationStore(pool: db.pool, memory: AnnotationMemory(maxBytes: 1 << 20), now: { clock.now })
            let body: JSONValue = .object(JSONObject(uniqueMembers: [
                ("annotations", .array([Fixtures.document(hour: 0)])), ("ttlSeconds", .number(JSONNumber(Int64(60)))),
            ]))
            try store.put(AnnotationBatch(json: body, analysis: "hourly_views"))
            #expect(try store.read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<1)).missing.isEmpty)
            clock.advance(seconds: 61)
            let read = try store.read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<1))
            #expect(read.windows.isEmpty && read.missing == [Fixtures.range(hours: 0..<1)])
        }
    }

    @Test func emptyWindowsAreComputedNotMissingAndInvalidationDeletesTheRange() throws {
        try TestDatabase.with(label: "cacheinval") { db in
            try Fixtures.migrate(db.pool)
            let store = AnnotationStore(pool: db.pool, memory: AnnotationMemory(maxBytes: 1 << 20))
            let body: JSONValue = .object(JSONObject(uniqueMembers: [
                ("annotations", .array((0..<3).map { Fixtures.document(hour: $0, country: "DE") })),
                ("emptyWindows", .array([.object(JSONObject(uniqueMembers: [
                    ("windowStart", .string(Fixtures.time(hour: 3).rfc3339)),
                    ("windowEnd", .string(Fixtures.time(hour: 4).rfc3339)), ("version", .number(JSONNumber(Int64(1)))),
                ]))])),
            ]))
            try store.put(AnnotationBatch(json: body, analysis: "hourly_views"))
            var read = try store.read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<4))
            #expect(read.missing.isEmpty && read.windows.count == 4 && read.windows[3].documents.isEmpty)

            let (widened, deleted) = try store.invalidate(
                analysis: "hourly_views",
                range: WindowRange(from: Fixtures.time(hour: 1).microsecondsSinceEpoch + 1, to: Fixtures.time(hour: 2).microsecondsSinceEpoch))
            #expect(widened == Fixtures.range(hours: 1..<2) && deleted == 1)
            read = try store.read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<4))
            #expect(read.missing == [Fixtures.range(hours: 1..<2)])
            read = try AnnotationStore(pool: db.pool, memory: AnnotationMemory(maxBytes: 1 << 20))
                .read(analysis: "hourly_views", range: Fixtures.range(hours: 0..<4))
            #expect(read.missing == [Fixtures.range(hours: 1..<2)])
        }
    }

    @Test func malformedBatchesNameThePath() {
        #expect(throws: BatchError(path: "$[1].windowStart", message: "expected an RFC 3339 date-time")) {
            try Fixtures.batch([Fixtures.document(hour: 0), .object(JSONObject(uniqueMembers: [("version", .number(JSONNumber(Int64(1))))]))])
        }
        #expect(throws: BatchError.self) { try Fixtures.batch([Fixtures.document("other", hour: 0)]) }
    }
}
