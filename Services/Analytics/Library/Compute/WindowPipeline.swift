import SluiceEventLog
import SluiceJSON
import SluiceObservability

/// One step of Analytics's work, shared by the consumers and the runs: compute a set of
/// windows of an analysis, hand the annotations to the cache (acknowledged), then publish
/// `sluice.analysis.completed`. On failure it publishes `sluice.analysis.failed` and rethrows,
/// so the caller retries (and does not commit what it was doing).
public final class WindowPipeline: Sendable {
    public let computer: WindowComputer
    public let cache: CacheClient
    public let log: any EventLog
    public let metrics: AnalyticsMetrics
    public let logger: Logger
    /// CloudEvents `source`.
    public static let source = "sluice-analytics"

    public init(computer: WindowComputer, cache: CacheClient, log: any EventLog, metrics: AnalyticsMetrics, logger: Logger) {
        self.computer = computer
        self.cache = cache
        self.log = log
        self.metrics = metrics
        self.logger = logger
    }

    /// Computes and stores the windows starting at `windowStarts`; returns how many.
    @discardableResult
    public func process(_ analysis: Analysis, windowStarts: [Timestamp], traceparent: String? = nil) throws -> Int {
        guard let first = windowStarts.min(), let last = windowStarts.max() else { return 0 }
        let size = analysis.definition.window
        let range = first..<Timestamp(microsecondsSinceEpoch: last.microsecondsSinceEpoch + size.microseconds)
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let annotations = try computer.compute(analysis.definition, windowStarts: windowStarts)
            try cache.store(
                analysis: analysis.name, version: analysis.version, topic: analysis.definition.topic, size: size,
                windowStarts: windowStarts, annotations: annotations, computedAt: Timestamp.now(), traceparent: traceparent)
            let completed = AnalysisCompleted(
                analysis: analysis.name, version: analysis.version, from: range.lowerBound, to: range.upperBound,
                windows: Set(windowStarts).count)
            try publish(try completed.cloudEvent(source: Self.source, time: Timestamp.now(), subject: analysis.name, traceparent: traceparent))
            metrics.windowsComputed.labels(analysis.name).increment(by: UInt64(Set(windowStarts).count))
            metrics.computeSeconds.labels(analysis.name).observe(Self.seconds(clock.now - started))
            return Set(windowStarts).count
        } catch {
            metrics.failures.labels(analysis.name).increment()
            logger.warning("computing windows failed", [
                ("analysis", analysis.name), ("from", range.lowerBound.rfc3339), ("to", range.upperBound.rfc3339),
                ("error", String(describing: error)),
            ])
            let failed = AnalysisFailed(
                analysis: analysis.name, from: range.lowerBound, to: range.upperBound, error: String(describing: error))
            // The failure is reported with a fresh id each time (each attempt is a fact).
            if let event = try? failed.cloudEvent(
                source: Self.source, time: Timestamp.now(), subject: analysis.name,
                id: "failed-\(analysis.name)-\(Timestamp.now().microsecondsSinceEpoch)-\(UInt32.random(in: 0...UInt32.max))",
                traceparent: traceparent)
            {
                try? publish(event)
            }
            throw error
        }
    }

    private func publish(_ event: CloudEvent) throws {
        let topic = TopicName(event.type)!
        let record = event.appendRecord(appendTime: Timestamp.now())
        let result: Result<AppendResult, EventLogError> = Result { () throws(EventLogError) in try log.append([record], to: topic) }
        if case .failure(let error) = result {
            guard error == .unknownTopic(topic) else { throw error }
            try log.createTopic(topic, retention: RetentionPolicy(days: 7))
            _ = try log.append([record], to: topic)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
