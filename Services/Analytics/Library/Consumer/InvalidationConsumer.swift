import Foundation
import SluiceEventLog
import SluiceJSON
import SluiceObservability
import Synchronization

/// The consumer group `analytics` on `sluice.analysis.invalidated`: each invalidation of a
/// known analysis queues a run over its range (sharing an overlapping open run), which the
/// `RunWorker` recomputes newest windows first. Invalidations of unknown analyses are skipped.
public final class InvalidationConsumer: Sendable {
    public let log: any EventLog
    public let analyses: AnalysisStore
    public let runs: RunStore
    public let member: String
    /// Called after runs were queued (wakes the worker).
    private let onQueued: @Sendable () -> Void
    private let stopped = Atomic<Bool>(false)
    private let wakeup: WakeupSignal
    private let logger: Logger

    public init(
        log: any EventLog, analyses: AnalysisStore, runs: RunStore, member: String, logger: Logger,
        wakeup: WakeupSignal = WakeupSignal(), onQueued: @escaping @Sendable () -> Void
    ) {
        self.log = log
        self.analyses = analyses
        self.runs = runs
        self.member = member
        self.logger = logger
        self.wakeup = wakeup
        self.onQueued = onQueued
    }

    public func start() {
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                let handled: Bool
                do {
                    handled = try step()
                } catch {
                    logger.warning("invalidations: step failed", [("error", String(describing: error))])
                    handled = false
                }
                if !handled { _ = wakeup.wait(timeout: .seconds(1)) }
            }
        }
        thread.name = "sluice-analytics-invalidations"
        thread.start()
    }

    public func stop() {
        stopped.store(true, ordering: .relaxed)
        wakeup.signal()
    }

    /// Handles one claim of invalidations; false when there was nothing to do.
    @discardableResult
    public func step() throws -> Bool {
        let topic = AnalysisInvalidated.topic
        let claim: Claim?
        do {
            claim = try log.claim(group: TopicConsumer.group, topic: topic, member: member, maxRecords: 500, lease: .seconds(30))
        } catch .unknownTopic {
            try log.createTopic(topic, retention: RetentionPolicy(days: 7))
            return false
        }
        guard let claim else { return false }
        var queued = 0
        for record in claim.records {
            guard let event = try? CloudEvent(record: record), let invalidated = try? AnalysisInvalidated(event: event),
                invalidated.to > invalidated.from
            else { continue }
            guard let analysis = try analyses.analysis(named: invalidated.analysis) else { continue }
            _ = try runs.request(analysis: analysis, range: invalidated.from..<invalidated.to, reason: "invalidated")
            queued += 1
        }
        try log.complete(claim, parking: [])
        if queued > 0 { onQueued() }
        return true
    }
}
