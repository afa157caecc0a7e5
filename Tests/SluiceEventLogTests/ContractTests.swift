import SluiceEventLog
import SluiceJSON
import Testing

/// One body of checks run against both engines: `PostgresEventLog` and `InMemoryEventLog`
/// must behave alike, so services can unit-test on the in-memory one.
@Suite("EventLog contract, PostgreSQL and in-memory")
struct ContractTests {
    static func checkContract(_ log: any EventLog) throws {
        let topic = TopicName("contract")!
        let group = GroupName("g")!
        try log.createTopic(topic, retention: .forever)
        let first = try log.append([record(1), record(2), record(1)], to: topic)
        #expect(first.outcomes == [.appended(offset: 1), .appended(offset: 2), .duplicate(existingOffset: 1)])
        #expect(try log.append([record(2), record(3)], to: topic).outcomes == [.duplicate(existingOffset: 2), .appended(offset: 3)])
        #expect(try log.read(topic: topic, after: 1, limit: 10).map(\.n) == [2, 3])
        #expect(try log.lastOffset(topic: topic) == 3)

        // Two members split ranges; the second gets what the first has not claimed.
        let a = try #require(try log.claim(group: group, topic: topic, member: "a", maxRecords: 2, lease: .seconds(30)))
        let b = try #require(try log.claim(group: group, topic: topic, member: "b", maxRecords: 2, lease: .seconds(30)))
        #expect((a.firstOffset, a.lastOffset, b.firstOffset, b.lastOffset) == (1, 2, 3, 3))
        #expect(try log.claim(group: group, topic: topic, member: "c", maxRecords: 2, lease: .seconds(30)) == nil)
        // b completes first: the committed offset waits for a's range.
        try log.complete(b, parking: [ParkedRecord(offset: 3, error: "boom", attempts: 2)])
        #expect(try log.committedOffset(group: group, topic: topic) == 0)
        try log.complete(a, parking: [])
        #expect(try log.committedOffset(group: group, topic: topic) == 3)
        #expect(throws: EventLogError.leaseLost(group: group, topic: topic, firstOffset: 1)) {
            try log.complete(a, parking: [])
        }
        let parked = try log.deadLetters(group: group, topic: topic, limit: 10)
        #expect(parked.map(\.offset) == [3] && parked.first?.attempts == 2 && parked.first?.record?.n == 3)
        let replay = try log.replayDeadLetters(group: group, topic: topic) { _ in }
        #expect(replay.succeeded == [3])
        #expect(try log.deadLetters(group: group, topic: topic, limit: 10).isEmpty)

        try log.seek(group: group, topic: topic, to: .afterOffset(1))
        #expect(try log.lag(group: group, topic: topic) == 2)
        #expect(throws: EventLogError.unknownTopic(TopicName("missing")!)) {
            _ = try log.read(topic: TopicName("missing")!, after: 0, limit: 1)
        }
    }

    @Test func postgres() throws {
        try LogFixture.with { fixture in try Self.checkContract(fixture.log) }
    }

    @Test func inMemory() throws {
        try Self.checkContract(InMemoryEventLog())
    }

    @Test func inMemoryConsumersWakeOnAppend() throws {
        let log = InMemoryEventLog()
        let topic = TopicName("wake")!
        try log.createTopic(topic, retention: .forever)
        let seen = Shared<[Int]>([])
        let consumer = Consumer(
            log: log, group: GroupName("g")!, topic: topic, member: "m",
            configuration: ConsumerConfiguration(pollInterval: .seconds(60)), notifier: log)
        let done = startThreads(1) { _ in consumer.run { record in seen.update { $0.append(record.n) } } }
        _ = try log.append([record(1), record(2)], to: topic)
        let delivered = eventually(timeout: .seconds(10)) { seen.value == [1, 2] }
        consumer.stop()
        done()
        #expect(delivered)
    }
}
