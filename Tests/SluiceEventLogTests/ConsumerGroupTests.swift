import Foundation
import SluiceEventLog
import SluiceJSON
import SluicePostgres
import Testing

@Suite("Consumer groups against PostgreSQL")
struct ConsumerGroupTests {
    let group = GroupName("analytics")!

    @Test func committedRecordsAreNotRedeliveredAcrossRestarts() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("page_view")
            _ = try fixture.log.append((1...5).map { record($0) }, to: topic)
            var seen: [Int] = []
            let first = Consumer(log: fixture.log, group: group, topic: topic, member: "a")
            #expect(try first.processNextClaim { seen.append($0.n) } == 5)
            #expect(try fixture.log.committedOffset(group: group, topic: topic) == 5)
            // A new process: new log object, new consumer object, same group.
            let restarted = Consumer(log: fixture.newLog(), group: group, topic: topic, member: "a2")
            #expect(try restarted.processNextClaim { seen.append($0.n) } == nil)
            _ = try fixture.log.append([record(6), record(7)], to: topic)
            #expect(try restarted.processNextClaim { seen.append($0.n) } == 2)
            #expect(seen == [1, 2, 3, 4, 5, 6, 7])
            // Another group starts from the beginning.
            let other = Consumer(log: fixture.log, group: GroupName("cache")!, topic: topic, member: "c")
            #expect(try other.processNextClaim { _ in } == 7)
            #expect(try fixture.log.lag(group: group, topic: topic) == 0)
        }
    }

    /// The ordering proof: writers whose transactions begin, append and commit in scrambled
    /// orders (random delays before and after the append, a quarter rolling back), a consumer
    /// running all along. It must see every committed record exactly once, in offset order,
    /// offsets 1...N without gaps, and no rolled-back record.
    @Test func concurrentWritersNeverMakeTheConsumerSkipOrRepeat() throws {
        try LogFixture.with(maxConnections: 4) { fixture in
            let topic = try fixture.topic("contended")
            let writers = 8
            let transactionsPerWriter = 12
            let committedIDs = Shared<Set<String>>([])
            let rolledBackIDs = Shared<Set<String>>([])
            let failures = Shared<[String]>([])
            let url = fixture.url
            let log = fixture.log
            let waitForWriters = startThreads(writers) { writer in
                var generator = SystemRandomNumberGenerator()
                do {
                    let connection = try PostgresConnection.connect(url: url)
                    defer { connection.close() }
                    for transaction in 0..<transactionsPerWriter {
                        let count = Int.random(in: 1...3, using: &generator)
                        let ids = (0..<count).map { "w\(writer)-t\(transaction)-\($0)" }
                        let rollBack = Int.random(in: 0..<4, using: &generator) == 0
                        struct RollBack: Error {}
                        do {
                            try connection.withTransaction { connection in
                                try connection.execute("SELECT pg_sleep(\(Double.random(in: 0...0.004, using: &generator)))")
                                _ = try log.append(
                                    ids.map { AppendRecord(id: $0, time: Timestamp.now(), payload: ["w": .number(JSONNumber(writer))]) },
                                    to: topic, on: connection)
                                try connection.execute("SELECT pg_sleep(\(Double.random(in: 0...0.004, using: &generator)))")
                                if rollBack { throw RollBack() }
                            }
                            committedIDs.update { $0.formUnion(ids) }
                        } catch is RollBack {
                            rolledBackIDs.update { $0.formUnion(ids) }
                        }
                    }
                } catch {
                    failures.update { $0.append("writer \(writer): \(error)") }
                }
            }
            let seen = Shared<[(offset: Int64, id: String)]>([])
            let consumer = Consumer(
                log: fixture.newLog(), group: group, topic: topic, member: "reader",
                configuration: ConsumerConfiguration(batchSize: 7, pollInterval: .milliseconds(20)))
            let waitForConsumer = startThreads(1) { _ in
                consumer.run { record in seen.update { $0.append((record.offset, record.id)) } }
            }
            waitForWriters()
            #expect(failures.value == [])
            let expected = committedIDs.value
            let caughtUp = try eventually {
                try fixture.log.committedOffset(group: group, topic: topic) == Int64(expected.count)
            }
            consumer.stop()
            waitForConsumer()
            #expect(caughtUp)
            let delivered = seen.value
            #expect(delivered.map(\.offset) == Array(1...Int64(expected.count)))
            #expect(Set(delivered.map(\.id)) == expected)
            #expect(delivered.count == expected.count)
            #expect(Set(delivered.map(\.id)).isDisjoint(with: rolledBackIDs.value))
            #expect(try fixture.log.lastOffset(topic: topic) == Int64(expected.count))
        }
    }

    @Test func notificationsWakeAnIdleConsumerWithoutWaitingForThePoll() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("latency")
            let notifier = PostgresAppendNotifier(url: fixture.url)
            defer { notifier.stop() }
            #expect(eventually { notifier.isListening })
            let seen = Shared<[Int]>([])
            let consumer = Consumer(
                log: fixture.log, group: group, topic: topic, member: "idle",
                configuration: ConsumerConfiguration(pollInterval: .seconds(60)), notifier: notifier)
            let done = startThreads(1) { _ in consumer.run { record in seen.update { $0.append(record.n) } } }
            Thread.sleep(forTimeInterval: 0.2)  // the consumer is now asleep on its 60 s poll
            _ = try fixture.log.append([record(1)], to: topic)
            let delivered = eventually(timeout: .seconds(10)) { seen.value == [1] }
            consumer.stop()
            done()
            #expect(delivered)
        }
    }

    @Test func failingRecordsAreRetriedThenParkedAndTheGroupMovesOn() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("flaky")
            _ = try fixture.log.append((1...4).map { record($0) }, to: topic)
            struct HandlerFailure: Error, CustomStringConvertible {
                var description: String
            }
            var attempts: [Int: Int] = [:]
            let consumer = Consumer(
                log: fixture.log, group: group, topic: topic, member: "m",
                configuration: ConsumerConfiguration(
                    maxAttempts: 3, backoff: Backoff(base: .milliseconds(1), maximum: .milliseconds(5))))
            var handled: [Int] = []
            try consumer.processNextClaim { record in
                attempts[record.n, default: 0] += 1
                if record.n == 2 { throw HandlerFailure(description: "bad record 2") }
                if record.n == 3 && attempts[3] == 1 { throw HandlerFailure(description: "transient") }
                handled.append(record.n)
            }
            #expect(handled == [1, 3, 4])
            #expect(attempts == [1: 1, 2: 3, 3: 2, 4: 1])
            #expect(try fixture.log.committedOffset(group: group, topic: topic) == 4)
            let parked = try fixture.log.deadLetters(group: group, topic: topic, limit: 10)
            #expect(parked.map(\.offset) == [2])
            #expect(parked.first?.error == "bad record 2" && parked.first?.attempts == 3)
            #expect(parked.first?.record?.n == 2)

            // Replay that fails again keeps it, with the new error.
            let failed = try fixture.log.replayDeadLetters(group: group, topic: topic) { _ in
                throw HandlerFailure(description: "still bad")
            }
            #expect(failed.failed == [2] && failed.succeeded.isEmpty)
            let kept = try fixture.log.deadLetters(group: group, topic: topic, limit: 10)
            #expect(kept.first?.error == "still bad" && kept.first?.attempts == 4)
            // Replay that succeeds removes it, and the handler got the record again.
            var replayed: [Int] = []
            let fixed = try fixture.log.replayDeadLetters(group: group, topic: topic, offsets: [2]) { replayed.append($0.n) }
            #expect(fixed.succeeded == [2] && replayed == [2])
            #expect(try fixture.log.deadLetters(group: group, topic: topic, limit: 10).isEmpty)
        }
    }

    @Test func parkedRecordsCanBeDiscarded() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("discard")
            _ = try fixture.log.append((1...3).map { record($0) }, to: topic)
            struct Refuse: Error {}
            let consumer = Consumer(
                log: fixture.log, group: group, topic: topic, member: "m",
                configuration: ConsumerConfiguration(maxAttempts: 1))
            try consumer.processNextClaim { _ in throw Refuse() }
            #expect(try fixture.log.deadLetters(group: group, topic: topic, limit: 10).map(\.offset) == [1, 2, 3])
            try fixture.log.removeDeadLetters(group: group, topic: topic, offsets: [1, 3])
            #expect(try fixture.log.deadLetters(group: group, topic: topic, limit: 10).map(\.offset) == [2])
        }
    }

    @Test func seekingReplaysFromAnOffsetOrATime() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("replay")
            _ = try fixture.log.append((1...3).map { record($0) }, to: topic)
            Thread.sleep(forTimeInterval: 0.05)
            let since = try fixture.pool.withConnection {
                try $0.query("SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::int8").first { _ in true }!
                    .decode(column: 0, as: Int64.self)
            }
            Thread.sleep(forTimeInterval: 0.05)
            _ = try fixture.log.append((4...5).map { record($0) }, to: topic)
            let consumer = Consumer(log: fixture.log, group: group, topic: topic, member: "m")
            try consumer.processNextClaim { _ in }
            #expect(try fixture.log.committedOffset(group: group, topic: topic) == 5)

            try fixture.log.seek(group: group, topic: topic, to: .time(Timestamp(microsecondsSinceEpoch: since)))
            var again: [Int] = []
            try consumer.processNextClaim { again.append($0.n) }
            #expect(again == [4, 5])

            try fixture.log.seek(group: group, topic: topic, to: .afterOffset(1))
            again = []
            try consumer.processNextClaim { again.append($0.n) }
            #expect(again == [2, 3, 4, 5])

            try fixture.log.seek(group: group, topic: topic, to: .afterOffset(0))
            #expect(try fixture.log.lag(group: group, topic: topic) == 5)
            try fixture.log.seek(group: group, topic: topic, to: .end)
            #expect(try fixture.log.lag(group: group, topic: topic) == 0)
        }
    }

    @Test func twoMembersSplitTheWorkWithoutOverlap() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("shared")
            _ = try fixture.log.append((1...60).map { record($0) }, to: topic)
            let handled = Shared<[String: [Int64]]>([:])
            let members = ["a", "b"].map { name in
                Consumer(
                    log: fixture.newLog(), group: group, topic: topic, member: name,
                    configuration: ConsumerConfiguration(batchSize: 5, pollInterval: .milliseconds(10)))
            }
            let done = startThreads(2) { index in
                let member = members[index]
                member.run { record in
                    handled.update { $0[member.member, default: []].append(record.offset) }
                    Thread.sleep(forTimeInterval: 0.002)  // give the other member a chance
                }
            }
            let finished = try eventually { try fixture.log.committedOffset(group: group, topic: topic) == 60 }
            members.forEach { $0.stop() }
            done()
            #expect(finished)
            let a = handled.value["a"] ?? []
            let b = handled.value["b"] ?? []
            #expect(Set(a).isDisjoint(with: Set(b)))
            #expect((a + b).sorted() == Array(1...60))
            #expect(!a.isEmpty && !b.isEmpty)
        }
    }

    @Test func aCrashedMembersShareIsTakenOverAfterItsLeaseExpires() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("takeover")
            _ = try fixture.log.append((1...20).map { record($0) }, to: topic)
            let configuration = ConsumerConfiguration(batchSize: 5, lease: .seconds(1), pollInterval: .milliseconds(20))
            // Member a dies in the middle of its first batch: no commit.
            let a = Consumer(log: fixture.log, group: group, topic: topic, member: "a", configuration: configuration)
            let clock = ContinuousClock()
            let claimedByA = clock.now
            var handledByA: [Int64] = []
            let result = try a.processNextClaim { record in
                handledByA.append(record.offset)
                if handledByA.count == 2 { a.stop() }
            }
            #expect(result == nil && handledByA == [1, 2])
            #expect(try fixture.log.committedOffset(group: group, topic: topic) == 0)

            let b = Consumer(log: fixture.newLog(), group: group, topic: topic, member: "b", configuration: configuration)
            var handledByB: [Int64] = []
            var firstOfATakenAfter: Duration?
            let finished = try eventually(timeout: .seconds(15)) {
                let handled = try b.processNextClaim { record in
                    if record.offset == 1 { firstOfATakenAfter = claimedByA.duration(to: clock.now) }
                    handledByB.append(record.offset)
                }
                if handled == nil { Thread.sleep(forTimeInterval: 0.02) }
                return try fixture.log.committedOffset(group: group, topic: topic) == 20
            }
            #expect(finished)
            // b did everything, a's range only once a's lease had run out.
            #expect(handledByB.sorted() == Array(1...20))
            #expect(firstOfATakenAfter.map { $0 >= .milliseconds(950) } == true)
        }
    }
}

@Suite("Wake-ups: polling fallback and LISTEN reconnection")
struct WakeupTests {
    let group = GroupName("waker")!

    @Test func withoutNotificationsTheConsumerPolls() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("polled")
            let seen = Shared<[Int]>([])
            let consumer = Consumer(
                log: fixture.log, group: group, topic: topic, member: "p",
                configuration: ConsumerConfiguration(pollInterval: .milliseconds(100)))
            let done = startThreads(1) { _ in consumer.run { record in seen.update { $0.append(record.n) } } }
            Thread.sleep(forTimeInterval: 0.2)
            _ = try fixture.log.append([record(1)], to: topic)
            let delivered = eventually(timeout: .seconds(10)) { seen.value == [1] }
            consumer.stop()
            done()
            #expect(delivered)
        }
    }

    @Test func theNotifierReconnectsAfterItsConnectionIsKilled() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("reconnected")
            let notifier = PostgresAppendNotifier(url: fixture.url)
            defer { notifier.stop() }
            #expect(eventually { notifier.isListening })
            let killed = try fixture.pool.withConnection { connection in
                try connection.query(
                    """
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()
                    """
                ).first { _ in true }!.decode(column: 0, as: Int64.self)
            }
            #expect(killed == 1)
            #expect(eventually { notifier.connectionCount == 2 && notifier.isListening })
            let seen = Shared<[Int]>([])
            let consumer = Consumer(
                log: fixture.log, group: group, topic: topic, member: "l",
                configuration: ConsumerConfiguration(pollInterval: .seconds(60)), notifier: notifier)
            let done = startThreads(1) { _ in consumer.run { record in seen.update { $0.append(record.n) } } }
            Thread.sleep(forTimeInterval: 0.2)
            _ = try fixture.log.append([record(7)], to: topic)
            let delivered = eventually(timeout: .seconds(10)) { seen.value == [7] }
            consumer.stop()
            done()
            #expect(delivered)
        }
    }
}
