import Foundation
import SluiceEventLog
import SluiceJSON
import Synchronization
import Testing

@testable import Ingest

@Suite struct GroupCommitTests {
    @Test func everyRequestGetsItsOwnOutcomeAndWaitingRequestsShareACommit() throws {
        let committer = GroupCommitter<Int, Int>(maxItems: 100)
        let submitted = Atomic<Int>(0)
        let groups = Mutex<[[Int]]>([])
        let results = Mutex<[Int: Int]>([:])
        let threads = 20
        let done = DispatchGroup()
        for value in 0..<threads {
            done.enter()
            Thread {
                submitted.add(1, ordering: .relaxed)
                let outcome = try? committer.submit(value, size: 1) { group in
                    // The first leader waits until everybody is queued (bounded), so later groups form.
                    let deadline = Date().addingTimeInterval(5)
                    while submitted.load(ordering: .relaxed) < threads && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
                    Thread.sleep(forTimeInterval: 0.05)
                    groups.withLock { $0.append(group) }
                    return group.map { .success($0 * 10) }
                }
                results.withLock { $0[value] = outcome }
                done.leave()
            }.start()
        }
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(results.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<threads).map { ($0, $0 * 10) }))
        let sizes = groups.withLock { $0.map(\.count) }
        #expect(sizes.reduce(0, +) == threads)
        #expect(sizes.max() ?? 0 > 1)
    }

    /// Many requests, several groups at once, random commit times: every request gets its own
    /// outcome exactly once, no group is empty, and never more than `maxLeaders` run at once.
    @Test func underContentionEveryRequestIsAnsweredOnceAndGroupsStayBounded() throws {
        let committer = GroupCommitter<Int, Int>(maxItems: 7, maxLeaders: 3)
        let running = Atomic<Int>(0)
        let mostRunning = Atomic<Int>(0)
        let emptyGroups = Atomic<Int>(0)
        let committed = Mutex<[Int]>([])
        let answers = Mutex<[Int: Int]>([:])
        let done = DispatchGroup()
        for value in 0..<200 {
            done.enter()
            Thread {
                defer { done.leave() }
                let outcome = try? committer.submit(value, size: 1 + value % 3) { group in
                    let now = running.add(1, ordering: .relaxed).newValue
                    _ = mostRunning.max(now, ordering: .relaxed)
                    if group.isEmpty { emptyGroups.add(1, ordering: .relaxed) }
                    Thread.sleep(forTimeInterval: Double.random(in: 0...0.003))
                    committed.withLock { $0 += group }
                    running.subtract(1, ordering: .relaxed)
                    return group.map { .success($0 + 1000) }
                }
                answers.withLock { $0[value] = outcome }
            }.start()
        }
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(answers.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<200).map { ($0, $0 + 1000) }))
        #expect(committed.withLock { $0.sorted() } == Array(0..<200))
        #expect(emptyGroups.load(ordering: .relaxed) == 0)
        #expect(mostRunning.load(ordering: .relaxed) <= 3)
    }

    @Test func aFailedGroupFailsOnlyItsMembers() throws {
        let committer = GroupCommitter<Int, Int>(maxItems: 10)
        struct Refused: Error {}
        #expect(throws: Refused.self) { try committer.submit(1, size: 1) { $0.map { _ in .failure(Refused()) } } }
        #expect(try committer.submit(2, size: 1) { $0.map { .success($0) } } == 2)
    }

    @Test func concurrentRequestsToOneTopicGetGapFreeOffsetsAndTheirOwnCounts() throws {
        try IngestHarness.with(environment: ["SLUICE_DB_POOL_SIZE": "8"]) { ingest in
            try ingest.createTopic("busy", schema: ["type": "object", "properties": ["n": ["type": "integer"]]])
            let failures = Atomic<Int>(0)
            let accepted = Atomic<Int>(0)
            let duplicates = Atomic<Int>(0)
            let done = DispatchGroup()
            for client in 0..<16 {
                done.enter()
                Thread {
                    defer { done.leave() }
                    for round in 0..<5 {
                        // Every client also sends the shared event "same": exactly one copy is stored.
                        let events: [JSONValue] = (0..<10).map { ["id": .string("c\(client)-r\(round)-\($0)"), "data": ["n": .number(JSONNumber($0))]] }
                            + [["id": "same", "data": ["n": 0]], ["data": ["n": "bad"]]]
                        guard let response = try? ingest.send(.post, "/v1/topics/busy/events", json: ["events": .array(events)]),
                            response.status == .ok
                        else {
                            failures.add(1, ordering: .relaxed)
                            continue
                        }
                        accepted.add(response.json["accepted"]?.int ?? 0, ordering: .relaxed)
                        duplicates.add(response.json["duplicates"]?.int ?? 0, ordering: .relaxed)
                        if response.json["rejected"]?.array?.map({ $0["index"] }) != [11] { failures.add(1, ordering: .relaxed) }
                    }
                }.start()
            }
            #expect(done.wait(timeout: .now() + 60) == .success)
            #expect(failures.load(ordering: .relaxed) == 0)
            #expect(accepted.load(ordering: .relaxed) == 16 * 5 * 10 + 1)
            #expect(duplicates.load(ordering: .relaxed) == 16 * 5 - 1)
            let records = try ingest.service.log.read(topic: TopicName("busy")!, after: 0, limit: 1000)
            #expect(records.map(\.offset) == Array(1...Int64(16 * 5 * 10 + 1)))
            #expect(Set(records.map(\.id)).count == records.count)
            #expect(try ingest.send(.get, "/v1/deadletters?limit=1000").json["deadLetters"]?.array?.count == 80)
        }
    }
}
