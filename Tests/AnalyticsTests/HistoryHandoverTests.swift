import Analytics
import Foundation
import SluiceEventLog
import SluiceHTTPCore
import SluiceJSON
import Synchronization
import Testing

/// A topic's first analysis: its history is computed once, by the rebuild run, and the
/// consumer takes over from the topic's end without a gap (`HistoryRebuilds`).
@Suite struct HistoryHandoverTests {
    static let hourly: JSONValue = ["topic": "page_view", "window": "1h", "aggregations": [["name": "n", "op": "count"]]]
    static let topic = TopicName("page_view")!

    /// Waits for the run and for the consumer to have handled everything.
    static func settle(_ harness: AnalyticsHarness, runID: String) -> Bool {
        harness.eventually(seconds: 40) {
            try harness.send(.get, "/v1/runs/\(runID)").json["status"] == "done"
                && harness.fixture.log.lag(group: TopicConsumer.group, topic: topic) == 0
        }
    }

    @Test func historyIsComputedOnceAndTheConsumerTakesOverAtTheEnd() throws {
        try AnalyticsHarness.with(label: "handover") { harness in
            // 24 hours of history, two events an hour.
            try harness.fixture.append((0..<48).map { (at(Int64($0) * 1800 + 60), ["country": "DE"]) })
            let declared = try harness.send(.put, "/v1/analyses/n", json: Self.hourly)
            #expect(declared.status == .created)
            // Right after the declaration: an event in a new hour, and a late one in an old hour.
            // Both come after the handover, so they are the consumer's.
            try harness.fixture.append([(at(30 * 3600 + 5), ["country": "FR"]), (at(5 * 3600 + 7), ["country": "FR"])])
            #expect(Self.settle(harness, runID: declared.json["rebuildRunId"]?.string ?? ""))
            #expect(harness.eventually {
                let documents = try harness.cached("n", from: at(0), to: at(31 * 3600))["annotations"]?.array ?? []
                let counts = Dictionary(documents.map { ($0["windowStart"]?.string ?? "", $0["values"]?["n"]) }) { $1 }
                return counts[at(30 * 3600).rfc3339] == 1 && counts[at(5 * 3600).rfc3339] == 3
                    && counts[at(23 * 3600).rfc3339] == 2
            })
            // The run computed the 24 windows of history; the consumer only the 2 windows of the
            // new events. Had the consumer started at offset 0, it would have computed the 24 again.
            #expect(harness.service.metrics.windowsComputed.labels("n").value == 26)
            let run = try harness.send(.get, "/v1/runs/\(declared.json["rebuildRunId"]?.string ?? "")").json
            #expect(run["windowsDone"] == 24)
            #expect(try harness.fixture.log.committedOffset(group: TopicConsumer.group, topic: Self.topic) == 50)

            // A second analysis on the topic: the consumer already serves the first one and is
            // left where it is; the run alone computes the second one's history.
            let second = try harness.send(.put, "/v1/analyses/m", json: Self.hourly)
            #expect(Self.settle(harness, runID: second.json["rebuildRunId"]?.string ?? ""))
            #expect(harness.service.metrics.windowsComputed.labels("m").value == 31)
        }
    }

    @Test func eventsAppendedWhileTheFirstAnalysisIsDeclaredAreNotMissed() throws {
        try AnalyticsHarness.with(label: "handover-race") { harness in
            try harness.fixture.append((0..<10).map { (at(Int64($0) * 3600 + 60), ["country": "DE"]) })
            // A producer appends one event per new hour, before, during and after the declaration.
            let stop = Atomic<Bool>(false)
            let hours = Mutex<[Int64]>([])
            let finished = DispatchSemaphore(value: 0)
            let producer = Thread {
                var hour: Int64 = 100
                while !stop.load(ordering: .relaxed) {
                    if (try? harness.fixture.append([(at(hour * 3600 + 1), ["country": "DE"])])) != nil {
                        hours.withLock { $0.append(hour) }
                    }
                    hour += 1
                    Thread.sleep(forTimeInterval: 0.002)
                }
                finished.signal()
            }
            producer.start()
            // At least ten events before the declaration and ten after its answer.
            #expect(harness.eventually { hours.withLock { $0.count } >= 10 })
            let declared = try harness.send(.put, "/v1/analyses/n", json: Self.hourly)
            let before = hours.withLock { $0.count }
            #expect(harness.eventually { hours.withLock { $0.count } >= before + 10 })
            stop.store(true, ordering: .relaxed)
            finished.wait()
            #expect(declared.status == .created)
            #expect(Self.settle(harness, runID: declared.json["rebuildRunId"]?.string ?? ""))
            let appended = hours.withLock { $0 }
            let last = (appended.last ?? 100) + 1
            // Every hour of the producer has its annotation, with its one event.
            var missing: [String] = []
            #expect(harness.eventually {
                let documents = try harness.cached("n", from: at(100 * 3600), to: at(last * 3600))["annotations"]?.array ?? []
                let counts = Dictionary(documents.map { ($0["windowStart"]?.string ?? "", $0["values"]?["n"]) }) { $1 }
                missing = appended.filter { counts[at($0 * 3600).rfc3339] != 1 }
                    .map { "\($0): \(String(describing: counts[at($0 * 3600).rfc3339]))" }
                return missing.isEmpty
            }, "hours without their one event: \(missing) of \(appended.first ?? 0)...\(last - 1)")
        }
    }
}
