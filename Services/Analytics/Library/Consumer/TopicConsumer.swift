import Foundation
import SluiceEventLog
import SluiceJSON
import SluiceObservability
import Synchronization

/// The consumer group `analytics` on one analysed topic. Each claim of new records names
/// the windows they fall in (late events included: their event time decides), per active
/// analysis of the topic; exactly those windows are recomputed from the event store and
/// stored in the cache. The claim is completed (the offset committed) only after every
/// analysis's windows were acknowledged by the cache; on failure the claim is kept, renewed
/// and retried with backoff, so a cache outage delays annotations and loses none.
public final class TopicConsumer: Sendable {
    public static let group = GroupName("analytics")!
    public let topic: TopicName
    public let log: any EventLog
    public let analyses: AnalysisStore
    public let pipeline: WindowPipeline
    public let member: String
    public let maxRecords: Int
    public let lease: Duration
    public let backoff: Backoff
    private let wakeup: WakeupSignal
    private let stopped = Atomic<Bool>(false)
    private let metrics: AnalyticsMetrics

    public init(
        topic: TopicName, log: any EventLog, analyses: AnalysisStore, pipeline: WindowPipeline, member: String,
        wakeup: WakeupSignal = WakeupSignal(), maxRecords: Int = 10_000, lease: Duration = .seconds(60),
        backoff: Backoff = Backoff(base: .milliseconds(200), maximum: .seconds(15))
    ) {
        self.topic = topic
        self.log = log
        self.analyses = analyses
        self.pipeline = pipeline
        self.member = member
        self.wakeup = wakeup
        self.maxRecords = maxRecords
        self.lease = lease
        self.backoff = backoff
        metrics = pipeline.metrics
    }

    /// Starts the consumer thread.
    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "sluice-analytics-\(topic)"
        thread.start()
    }

    public func stop() {
        stopped.store(true, ordering: .relaxed)
        wakeup.signal()
    }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Which windows of which analysis the records touch.
    public static func changedWindows(_ records: [SluiceEventLog.LogRecord], analyses: [Analysis]) -> [(Analysis, [Timestamp])] {
        analyses.map { analysis in
            let size = analysis.definition.window
            return (analysis, Array(Set(records.map { size.windowStart(containing: $0.time) })).sorted())
        }
    }

    private func loop() {
        while !isStopped {
            let handled = (try? step()) ?? false
            updateLag()
            if !handled { _ = wakeup.wait(timeout: .seconds(1)) }
        }
    }

    /// Claims and handles one range of records; false when there was nothing to do.
    @discardableResult
    public func step() throws -> Bool {
        guard var claim = try log.claim(group: Self.group, topic: topic, member: member, maxRecords: maxRecords, lease: lease)
        else { return false }
        var attempt = 0
        while !isStopped {
            do {
                let active = try analyses.list(topic: topic.rawValue)
                let traceparent = claim.records.lazy.compactMap(\.attributes.traceparent).last
                for (analysis, windows) in Self.changedWindows(claim.records, analyses: active) where !windows.isEmpty {
                    try pipeline.process(
                        analysis, windowStarts: windows, traceparent: traceparent,
                        traces: TraceIndex(records: claim.records, definition: analysis.definition))
                }
                try log.complete(claim, parking: [])
                return true
            } catch EventLogError.leaseLost {
                return true
            } catch {
                attempt += 1
                Thread.sleep(forTimeInterval: RunStore.seconds(backoff.delay(forRetry: attempt)))
                do {
                    claim = try log.renew(claim, lease: lease)
                } catch {
                    return true
                }
            }
        }
        return true
    }

    private func updateLag() {
        if let lag = try? log.lag(group: Self.group, topic: topic) {
            metrics.consumerLag.labels(topic.rawValue).set(Double(lag))
        }
    }
}
