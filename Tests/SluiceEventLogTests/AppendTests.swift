import Foundation
import SluiceEventLog
import SluiceJSON
import SluicePostgres
import Testing

@Suite("Appends against PostgreSQL")
struct AppendTests {
    @Test func offsetsStartAtOneAndAreGapFreeAcrossBatches() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("page_view")
            let first = try fixture.log.append([record(1)], to: topic)
            let second = try fixture.log.append((2...11).map { record($0) }, to: topic)
            #expect(first.outcomes == [.appended(offset: 1)])
            #expect(second.appendedOffsets == Array(2...11))
            let records = try fixture.log.read(topic: topic, after: 0, limit: 100)
            #expect(records.map(\.offset) == Array(1...11))
            #expect(records.map(\.n) == Array(1...11))
            #expect(try fixture.log.lastOffset(topic: topic) == 11)
        }
    }

    @Test func duplicatesAreReportedInInputOrderAndNotStored() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("orders")
            _ = try fixture.log.append([record(1), record(2)], to: topic)
            let result = try fixture.log.append([record(3), record(1), record(3), record(4)], to: topic)
            #expect(
                result.outcomes == [
                    .appended(offset: 3), .duplicate(existingOffset: 1), .duplicate(existingOffset: 3),
                    .appended(offset: 4),
                ])
            #expect(result.appendedCount == 2 && result.duplicateCount == 2)
            #expect(try fixture.log.read(topic: topic, after: 0, limit: 100).map(\.id) == ["r1", "r2", "r3", "r4"])
        }
    }

    @Test func largeBatchesReportDuplicatesToo() throws {
        // Over EventLogSchema's small-batch limit: the other append function.
        try LogFixture.with { fixture in
            let topic = try fixture.topic("large")
            _ = try fixture.log.append((1...10).map { record($0) }, to: topic)
            let input = (5...54).map { record($0) } + [record(54), record(1)]
            let result = try fixture.log.append(input, to: topic)
            var expected: [AppendOutcome] = (5...10).map { .duplicate(existingOffset: Int64($0)) }
            expected += (11...54).map { .appended(offset: Int64($0)) }
            expected += [.duplicate(existingOffset: 54), .duplicate(existingOffset: 1)]
            #expect(result.outcomes == expected)
            #expect(try fixture.log.read(topic: topic, after: 0, limit: 100).map(\.n) == Array(1...54))
        }
    }

    @Test func derivedIDsMakeRetriesDuplicates() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("clicks")
            let time = try Timestamp(rfc3339: "2026-11-22T10:00:00.123456Z")
            let a = AppendRecord(topic: topic, time: time, payload: ["b": 1, "a": [true, nil]])
            let sameContentOtherKeyOrder = AppendRecord(topic: topic, time: time, payload: ["a": [true, nil], "b": 1.0])
            #expect(a.id == sameContentOtherKeyOrder.id)
            #expect(try fixture.log.append([a], to: topic).appendedCount == 1)
            #expect(try fixture.log.append([sameContentOtherKeyOrder], to: topic).duplicateCount == 1)
        }
    }

    @Test func recordsKeepTheirAttributesAndTimes() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("attributed")
            let time = try Timestamp(rfc3339: "2026-11-21T23:59:59.999999Z")
            let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            let input = AppendRecord(
                id: "evt-1", time: time, payload: ["user": "ü \"q\" \\ \n", "x": 1.5],
                attributes: RecordAttributes(schemaVersion: 3, producerKeyID: "key-9", traceparent: traceparent))
            let before = Timestamp.now()
            _ = try fixture.log.append([input], to: topic)
            let stored = try #require(try fixture.log.read(topic: topic, after: 0, limit: 1).first)
            #expect(stored.id == "evt-1" && stored.time == time && stored.payload == input.payload)
            #expect(stored.attributes == input.attributes)
            #expect(stored.appendedAt >= Timestamp(microsecondsSinceEpoch: before.microsecondsSinceEpoch - 5_000_000))
        }
    }

    /// A transaction that already wrote to the log (another topic's append) and then appends
    /// a record whose day has no partition yet: the partition is created on another
    /// connection, and this transaction must see it (PostgreSQL would otherwise keep the
    /// partition list it loaded for the first append and fail with "no partition").
    @Test func aTransactionThatAlreadyAppendedSeesAPartitionCreatedForItsNextAppend() throws {
        try LogFixture.with { fixture in
            let first = try fixture.topic("first")
            let second = try fixture.topic("second")
            let tenDaysAgo = Timestamp(microsecondsSinceEpoch: Timestamp.now().microsecondsSinceEpoch - 10 * 86_400_000_000)
            try fixture.pool.withTransaction { connection in
                _ = try fixture.log.append([record(1)], to: first, on: connection)
                _ = try fixture.log.append([record(2, time: tenDaysAgo)], to: second, on: connection)
            }
            #expect(try fixture.log.read(topic: second, after: 0, limit: 10).map(\.n) == [2])
        }
    }

    /// Two transactions append to two topics in opposite orders: each holds one topic's lock
    /// and waits for the other's. PostgreSQL aborts one (deadlock); the log reports it as
    /// `.conflict` (retry the transaction), and the other commits.
    @Test func aDeadlockBetweenAppendsIsAConflictToRetry() throws {
        try LogFixture.with { fixture in
            let topics = [try fixture.topic("left"), try fixture.topic("right")]
            let errors = Shared<[EventLogError]>([])
            let holding = Shared(0)
            let log = fixture.log
            let pool = fixture.pool
            let done = startThreads(2) { index in
                do {
                    try pool.withTransaction { connection in
                        _ = try log.append([record(index, id: "first-\(index)")], to: topics[index], on: connection)
                        holding.update { $0 += 1 }
                        while holding.value < 2 { Thread.sleep(forTimeInterval: 0.001) }  // the other holds its first topic too
                        _ = try log.append([record(index, id: "second-\(index)")], to: topics[1 - index], on: connection)
                    }
                } catch let error as EventLogError {
                    errors.update { $0.append(error) }
                } catch {
                    errors.update { $0.append(.storage("\(error)")) }
                }
            }
            done()
            #expect(errors.value.count == 1)
            if case .conflict = errors.value.first {} else { Issue.record("expected .conflict, got \(errors.value)") }
            let stored = try topics.map { try fixture.log.read(topic: $0, after: 0, limit: 10).count }
            #expect(stored.reduce(0, +) == 2)  // the committed transaction's two records, nothing of the other
        }
    }

    @Test func appendJoinsTheCallersTransaction() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("outbox")
            _ = try fixture.pool.withConnection { try $0.execute("CREATE TABLE public.things (id int8 PRIMARY KEY)") }
            struct Crash: Error {}
            // Rolled back: neither the caller's row nor the record exists.
            #expect(throws: Crash.self) {
                try fixture.pool.withTransaction { connection in
                    try connection.execute("INSERT INTO public.things VALUES (1)")
                    _ = try fixture.log.append([record(1)], to: topic, on: connection)
                    throw Crash()
                }
            }
            let countAfterRollback = try fixture.pool.withConnection {
                try $0.query("SELECT count(*) FROM public.things").first { _ in true }!.decode(column: 0, as: Int64.self)
            }
            #expect(countAfterRollback == 0)
            #expect(try fixture.log.read(topic: topic, after: 0, limit: 10).isEmpty)
            #expect(try fixture.log.lastOffset(topic: topic) == 0)
            // Committed: both exist, and the rolled-back append left no gap.
            try fixture.pool.withTransaction { connection in
                try connection.execute("INSERT INTO public.things VALUES (2)")
                _ = try fixture.log.append([record(2)], to: topic, on: connection)
            }
            let ids = try fixture.pool.withConnection {
                try $0.query("SELECT id FROM public.things").map { try $0.decode(column: 0, as: Int64.self) }
            }
            #expect(ids == [2])
            let records = try fixture.log.read(topic: topic, after: 0, limit: 10)
            #expect(records.map(\.offset) == [1] && records.map(\.n) == [2])
        }
    }

    @Test func readsByTimeRangeAreHalfOpen() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("windows")
            let base = Timestamp.now().calendarDate.startOfDay.microsecondsSinceEpoch
            let times = [0, 3_600, 7_200, 10_800].map { Timestamp(microsecondsSinceEpoch: base + Int64($0) * 1_000_000) }
            _ = try fixture.log.append(times.enumerated().map { record($0.offset, time: $0.element) }, to: topic)
            let window = try fixture.log.read(topic: topic, timeRange: times[1]..<times[3], after: 0, limit: 100)
            #expect(window.map(\.n) == [1, 2])
            let paged = try fixture.log.read(topic: topic, timeRange: times[0]..<times[3], after: 1, limit: 1)
            #expect(paged.map(\.n) == [1])
        }
    }

    @Test func unknownTopicsAndBadIDsAreRefused() throws {
        try LogFixture.with { fixture in
            #expect(throws: EventLogError.unknownTopic(TopicName("nope")!)) {
                _ = try fixture.log.append([record(1)], to: TopicName("nope")!)
            }
            let topic = try fixture.topic("strict")
            #expect(throws: EventLogError.invalidRecordID("")) {
                _ = try fixture.log.append([record(1, id: "")], to: topic)
            }
        }
    }
}

@Suite("Concurrent duplicate appends against PostgreSQL")
struct ConcurrentDuplicateTests {
    @Test func racingWritersOfTheSameIDsStoreEachOnce() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("racing")
            let results = Shared<[AppendResult]>([])
            let errors = Shared<[String]>([])
            let log = fixture.log
            let done = startThreads(4) { writer in
                // Each writer sends the same 30 ids, in its own order.
                let ids = writer % 2 == 0 ? Array(1...30) : Array((1...30).reversed())
                do {
                    for chunk in stride(from: 0, to: 30, by: 10) {
                        let result = try log.append(ids[chunk..<chunk + 10].map { record($0) }, to: topic)
                        results.update { $0.append(result) }
                    }
                } catch {
                    errors.update { $0.append("\(error)") }
                }
            }
            done()
            #expect(errors.value == [])
            let all = results.value
            #expect(all.map(\.appendedCount).reduce(0, +) == 30)
            #expect(all.map(\.duplicateCount).reduce(0, +) == 90)
            let stored = try fixture.log.read(topic: topic, after: 0, limit: 100)
            #expect(stored.map(\.offset) == Array(1...30))
            #expect(Set(stored.map(\.n)) == Set(1...30))
            // Every duplicate points at the offset its id was stored at.
            let offsetByID = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0.offset) })
            let reported = all.flatMap(\.outcomes).compactMap { outcome -> Int64? in
                if case .duplicate(let offset) = outcome { return offset } else { return nil }
            }
            #expect(Set(reported).isSubset(of: Set(offsetByID.values)))
        }
    }
}
