import Dispatch
import SluiceEventLog
import Synchronization
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
    /// Evaluates checks after `process` (the consumers' path); nil: no checks.
    public let checks: CheckRunner?
    /// Window leases between replicas; nil: this process is alone (tests, benchmarks).
    public let leases: WindowLeases?
    /// CloudEvents `source`.
    public static let source = "sluice-analytics"

    public init(
        computer: WindowComputer, cache: CacheClient, log: any EventLog, metrics: AnalyticsMetrics, logger: Logger,
        checks: CheckRunner? = nil, leases: WindowLeases? = nil
    ) {
        self.checks = checks
        self.leases = leases
        self.computer = computer
        self.cache = cache
        self.log = log
        self.metrics = metrics
        self.logger = logger
    }

    /// Computes and stores the windows starting at `windowStarts`; returns how many.
    @discardableResult
    public func process(
        _ analysis: Analysis, windowStarts: [Timestamp], traceparent: String? = nil, traces: TraceIndex = TraceIndex()
    ) throws -> Int {
        guard !windowStarts.isEmpty else { return 0 }
        let started = ContinuousClock.now
        do {
            let (windows, annotations) = try leased(analysis, windowStarts) {
                let annotations = try computer.compute(analysis.definition, windowStarts: windowStarts)
                return (
                    try store(
                        analysis, windowStarts: windowStarts, annotations: annotations, traceparent: traceparent,
                        traces: traces, started: started),
                    annotations
                )
            }
            checks?.evaluate(analysis, annotations: annotations)
            return windows
        } catch {
            reportFailure(analysis, windowStarts: windowStarts, error: error, traceparent: traceparent)
            throw error
        }
    }

    /// Like `process` for each batch in order, but computing batch i+1 in PostgreSQL while
    /// batch i is sent to the cache. `stored(index)` is called on this thread once batch
    /// `index` is acknowledged and published (in order). Stops at the first failure (already
    /// reported) and throws it; the batches before it are stored.
    public func processPipelined(
        _ analysis: Analysis, batches: [[Timestamp]], stored: (Int) throws -> Void
    ) throws {
        let failure = Mutex<(any Error)?>(nil)
        let inFlight = DispatchGroup()
        let queue = DispatchQueue(label: "sluice.analytics.store")
        var pending: Int?
        func settle() throws {
            inFlight.wait()
            if let error = failure.withLock({ $0 }) { throw error }
            if let index = pending {
                pending = nil
                try stored(index)
            }
        }
        for (index, batch) in batches.enumerated() where !batch.isEmpty {
            let started = ContinuousClock.now
            let annotations: [WindowAnnotation]
            do {
                // The batch's leases are held while it is computed: the store that follows
                // writes what was computed from the events committed before it started, and a
                // consumer that waits for the lease recomputes after, with its new events.
                annotations = try leased(analysis, batch) { try computer.compute(analysis.definition, windowStarts: batch) }
            } catch {
                try? settle()
                reportFailure(analysis, windowStarts: batch, error: error, traceparent: nil)
                throw error
            }
            try settle()
            pending = index
            queue.async(group: inFlight) { [self] in
                do {
                    _ = try store(analysis, windowStarts: batch, annotations: annotations, traceparent: nil, started: started)
                } catch {
                    reportFailure(analysis, windowStarts: batch, error: error, traceparent: nil)
                    failure.withLock { $0 = error }
                }
            }
        }
        try settle()
    }

    /// Runs `body` holding the windows' leases when replicas share the work.
    private func leased<Result>(_ analysis: Analysis, _ windowStarts: [Timestamp], _ body: () throws -> Result) throws -> Result {
        guard let leases else { return try body() }
        return try leases.withLeases(analysis: analysis.name, windowStarts: windowStarts, body)
    }

    private func store(
        _ analysis: Analysis, windowStarts: [Timestamp], annotations: [WindowAnnotation], traceparent: String?,
        traces: TraceIndex = TraceIndex(), started: ContinuousClock.Instant
    ) throws -> Int {
        let range = Self.range(of: windowStarts, size: analysis.definition.window)
        try cache.store(
            analysis: analysis.name, version: analysis.version, topic: analysis.definition.topic,
            size: analysis.definition.window, windowStarts: windowStarts, annotations: annotations,
            computedAt: Timestamp.now(), traceparent: traceparent, traces: traces)
        let windows = Set(windowStarts).count
        let completed = AnalysisCompleted(
            analysis: analysis.name, version: analysis.version, from: range.lowerBound, to: range.upperBound, windows: windows)
        try publish(try completed.cloudEvent(source: Self.source, time: Timestamp.now(), subject: analysis.name, traceparent: traceparent))
        metrics.windowsComputed.labels(analysis.name).increment(by: UInt64(windows))
        metrics.computeSeconds.labels(analysis.name).observe(Self.seconds(ContinuousClock.now - started))
        return windows
    }

    /// Logs the failure, counts it and publishes `sluice.analysis.failed` (best effort).
    private func reportFailure(_ analysis: Analysis, windowStarts: [Timestamp], error: any Error, traceparent: String?) {
        let range = Self.range(of: windowStarts, size: analysis.definition.window)
        metrics.failures.labels(analysis.name).increment()
        logger.warning("computing windows failed", [
            ("analysis", analysis.name), ("from", range.lowerBound.rfc3339), ("to", range.upperBound.rfc3339),
            ("error", String(describing: error)),
        ])
        let failed = AnalysisFailed(
            analysis: analysis.name, from: range.lowerBound, to: range.upperBound, error: String(describing: error))
        // Each failed attempt is its own fact: a fresh id, not the deterministic one.
        if let event = try? failed.cloudEvent(
            source: Self.source, time: Timestamp.now(), subject: analysis.name,
            id: "failed-\(analysis.name)-\(Timestamp.now().microsecondsSinceEpoch)-\(UInt32.random(in: 0...UInt32.max))",
            traceparent: traceparent)
        {
            try? publish(event)
        }
    }

    /// `[first window start, last window end)`.
    static func range(of windowStarts: [Timestamp], size: WindowSize) -> Range<Timestamp> {
        let first = windowStarts.min() ?? Timestamp(microsecondsSinceEpoch: 0)
        let last = windowStarts.max() ?? first
        return first..<Timestamp(microsecondsSinceEpoch: last.microsecondsSinceEpoch + size.microseconds)
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
