import Foundation
import SluiceEventLog
import SluiceJSON
import SluiceObservability
import Synchronization

/// Why a run stopped before its end.
enum RunInterrupted: Error {
    case leaseLost, stopping
}

/// Works through runs: leases the next queued run (`RunStore.claimNext`, so replicas never
/// hold the same run), computes its windows newest first in batches of up to a week of windows
/// (`WindowPipeline.process`), records progress (which also extends the lease), and ends it
/// done, or failed after a batch failed `maxBatchAttempts` times in a row (with backoff).
public final class RunWorker: Sendable {
    public let runs: RunStore
    public let analyses: AnalysisStore
    public let pipeline: WindowPipeline
    public let owner: String
    public let lease: Duration
    public let maxBatchAttempts: Int
    public let backoff: Backoff
    private let wakeup = WakeupSignal()
    private let stopped = Atomic<Bool>(false)
    private let logger: Logger

    public init(
        runs: RunStore, analyses: AnalysisStore, pipeline: WindowPipeline, owner: String, lease: Duration = .seconds(120),
        maxBatchAttempts: Int = 8, backoff: Backoff = Backoff(base: .milliseconds(200), maximum: .seconds(15))
    ) {
        self.runs = runs
        self.analyses = analyses
        self.pipeline = pipeline
        self.owner = owner
        self.lease = lease
        self.maxBatchAttempts = maxBatchAttempts
        self.backoff = backoff
        logger = pipeline.logger
    }

    /// Starts the worker thread.
    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "sluice-analytics-runs"
        thread.start()
    }

    /// Asks the worker to look for runs now.
    public func wake() { wakeup.signal() }

    /// Stops after the current batch.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        wakeup.signal()
    }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    private func loop() {
        while !isStopped {
            do {
                if let run = try runs.claimNext(owner: owner, lease: lease) {
                    execute(run)
                    continue
                }
            } catch {
                logger.warning("cannot lease a run", [("error", String(describing: error))])
            }
            _ = wakeup.wait(timeout: .seconds(1))
        }
    }

    /// The window batches of `range` (widened), newest first, up to a week of windows each
    /// (at most 2,016: a week of 5-minute windows). One query per batch: fewer, larger queries
    /// cost less per event (the benchmark measured daily batches 35% slower than one query),
    /// while the newest week still comes first.
    public static func batches(of range: Range<Timestamp>, size: WindowSize) -> [[Timestamp]] {
        let starts = size.windowStarts(in: range).reversed()
        let perBatch = max(1, min(2016, Int(7 * 86_400 / size.seconds)))
        var batches: [[Timestamp]] = []
        var current: [Timestamp] = []
        for start in starts {
            current.append(start)
            if current.count == perBatch {
                batches.append(current)
                current = []
            }
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    /// Runs one leased run to its end (or until the lease is lost or the worker stops).
    func execute(_ run: Run) {
        logger.info("run started", [("run", run.id.uuidString.lowercased()), ("analysis", run.analysis)])
        do {
            guard let analysis = try analyses.analysis(named: run.analysis) else {
                try runs.finish(id: run.id, owner: owner, status: .failed, windowsDone: 0, error: "the analysis was retired")
                return
            }
            let batches = Self.batches(of: run.range, size: analysis.definition.window)
            var done = 0
            var next = 0
            var attempt = 0
            var leaseLost = false
            while next < batches.count {
                if isStopped { return }
                do {
                    let current = try analyses.analysis(named: run.analysis) ?? analysis
                    let remaining = Array(batches[next...])
                    let offset = next
                    try pipeline.processPipelined(current, batches: remaining) { index in
                        done += remaining[index].count
                        next = offset + index + 1
                        attempt = 0
                        guard try runs.progress(id: run.id, owner: owner, windowsDone: done, lease: lease) else {
                            leaseLost = true
                            throw RunInterrupted.leaseLost
                        }
                        if isStopped { throw RunInterrupted.stopping }
                    }
                } catch {
                    if leaseLost || isStopped { return }
                    attempt += 1
                    let message = String(describing: error)
                    if attempt >= maxBatchAttempts {
                        try runs.finish(id: run.id, owner: owner, status: .failed, windowsDone: done, error: message)
                        return
                    }
                    guard try runs.progress(id: run.id, owner: owner, windowsDone: done, error: message, lease: lease)
                    else { return }
                    Thread.sleep(forTimeInterval: RunStore.seconds(backoff.delay(forRetry: attempt)))
                }
            }
            try runs.finish(id: run.id, owner: owner, status: .done, windowsDone: done)
            logger.info("run done", [("run", run.id.uuidString.lowercased()), ("windows", String(done))])
        } catch {
            // The database failed: the lease expires and a replica (or this one) takes the run over.
            logger.warning("run interrupted", [("run", run.id.uuidString.lowercased()), ("error", String(describing: error))])
        }
    }
}
