import Foundation
import Synchronization
import SluiceEventLog
import SluiceJSON

/// Keeps this replica's memory in step with writes made through other replicas: it follows
/// `sluice.analysis.completed` and `sluice.analysis.invalidated` in the log and drops the
/// windows they name from memory (the next read takes them from PostgreSQL), and forgets the
/// analysis's cached version and window length. Starts at the newest records; polls.
public final class ReplicaSync: Sendable {
    public let log: any EventLog
    public let store: AnnotationStore
    public let pollInterval: Duration
    private let stopped = Atomic<Bool>(false)
    static let topics = [AnalysisCompleted.topic, AnalysisInvalidated.topic]

    public init(log: any EventLog, store: AnnotationStore, pollInterval: Duration = .milliseconds(500)) {
        self.log = log
        self.store = store
        self.pollInterval = pollInterval
    }

    /// Starts following on a background thread (retrying until the log can be read).
    public func start() {
        BackgroundThread.start(name: "sluice-cache-replica-sync") { [self] in run() }
    }

    public func stop() { stopped.store(true, ordering: .relaxed) }

    private func run() {
        var positions: [Int64]? = nil
        while !stopped.load(ordering: .relaxed) {
            do {
                if positions == nil { positions = try Self.topics.map { try log.lastOffset(topic: $0) } }
                positions = try apply(after: positions!)
            } catch {
                // The database or the topics are not there yet: try again next round.
            }
            Thread.sleep(forTimeInterval: Double(pollInterval.components.seconds) + Double(pollInterval.components.attoseconds) / 1e18)
        }
    }

    /// Applies every record after `positions`; returns the new positions.
    func apply(after positions: [Int64]) throws -> [Int64] {
        var next = positions
        for (index, topic) in Self.topics.enumerated() {
            for record in try log.read(topic: topic, after: positions[index], limit: 1000) {
                next[index] = record.offset
                guard let event = try? CloudEvent(record: record), let data = event.data,
                    let analysis = data["analysis"]?.string, let from = data["from"]?.string, let to = data["to"]?.string,
                    let start = try? Timestamp(rfc3339: from), let end = try? Timestamp(rfc3339: to)
                else { continue }
                store.forgetAnalysis(analysis)
                store.memory.remove(analysis: analysis, from: start.microsecondsSinceEpoch, to: end.microsecondsSinceEpoch)
            }
        }
        return next
    }
}
