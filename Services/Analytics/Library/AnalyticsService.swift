import Foundation
import SluiceAuth
import SluiceEventLog
import SluiceHTTP
import SluiceJSON
import SluicePostgres
import SluiceService
import Synchronization

/// The Analytics service: analysis definitions, the consumers that keep annotations up to
/// date, run commands and rebuilds.
///
/// ```swift
/// ServiceMain.run(kind: .analytics, schema: AnalyticsSchema.name, migrations: AnalyticsSchema.migrations) { runtime in
///     try AnalyticsService.makeRouter(runtime: runtime)
/// }
/// ```
///
/// Background work (`start()`): a `TopicConsumer` per analysed topic (found every few
/// seconds), an `InvalidationConsumer`, and a `RunWorker`. All of it retries while the
/// database or the cache is down; none of it blocks the HTTP API.
public final class AnalyticsService: Sendable {
    public let runtime: ServiceRuntime
    public let authenticator: Authenticator
    public let log: PostgresEventLog
    public let analyses: AnalysisStore
    public let runs: RunStore
    public let schemas: TopicSchemaSource
    public let computer: WindowComputer
    public let cache: CacheClient
    public let metrics: AnalyticsMetrics
    public let pipeline: WindowPipeline
    public let alerts: AlertStore
    public let worker: RunWorker
    public let invalidations: InvalidationConsumer
    /// Declares analyses with their rebuilds and hands history over from the consumers.
    public let rebuilds: HistoryRebuilds
    /// This replica's unique member name in consumer groups and run leases.
    public let member: String
    private let consumers = Mutex<[String: TopicConsumer]>([:])
    private let stopped = Atomic<Bool>(false)
    private let notifier: PostgresAppendNotifier
    /// Whether the built-in data-quality profiles are declared.
    public let profilesEnabled: Bool
    /// Declares the profiles with the checks declared on them.
    public let profiles: ProfileDeclarations

    /// - Parameter profiles: declare the built-in data-quality profile of every topic with a
    ///   schema (on in production; tests of other behaviour turn it off).
    public init(runtime: ServiceRuntime, member: String? = nil, profiles: Bool = true) {
        self.runtime = runtime
        profilesEnabled = profiles
        let configuration = runtime.configuration
        authenticator = Authenticator(store: APIKeyStore(pool: runtime.database), adminKey: configuration.adminKey)
        log = PostgresEventLog(connections: runtime.database, metrics: EventLogMetrics(registry: runtime.metrics))
        analyses = AnalysisStore(pool: runtime.database)
        self.profiles = ProfileDeclarations(pool: runtime.database)
        runs = RunStore(pool: runtime.database)
        schemas = TopicSchemaSource(pool: runtime.database)
        computer = WindowComputer(pool: runtime.database)
        cache = CacheClient(cacheURL: configuration.cacheURL, adminKey: configuration.adminKey)
        metrics = AnalyticsMetrics(registry: runtime.metrics)
        let member = member ?? "analytics-\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UInt16.random(in: 0...UInt16.max))"
        self.member = member
        alerts = AlertStore(pool: runtime.database)
        let checks = CheckRunner(
            alerts: alerts, computer: computer, log: log, webhookURL: configuration.alertWebhookURL, logger: runtime.logger)
        pipeline = WindowPipeline(
            computer: computer, cache: cache, log: log, metrics: metrics, logger: runtime.logger, checks: checks,
            leases: WindowLeases(pool: runtime.database, owner: member))
        worker = RunWorker(runs: runs, analyses: analyses, pipeline: pipeline, owner: member)
        rebuilds = HistoryRebuilds(pool: runtime.database, log: log, runs: runs)
        notifier = PostgresAppendNotifier(url: configuration.databaseURL, logger: runtime.logger)
        let worker = worker
        invalidations = InvalidationConsumer(
            log: log, analyses: analyses, runs: runs, member: member, logger: runtime.logger,
            wakeup: notifier.subscribe(topic: AnalysisInvalidated.topic), onQueued: { worker.wake() })
    }

    /// The production router, with the background work started.
    public static func makeRouter(runtime: ServiceRuntime) throws -> Router {
        let service = AnalyticsService(runtime: runtime)
        service.start()
        return service.makeRouter()
    }

    /// What Analytics needs besides its own schema: the `auth` and `eventlog` schemas and the
    /// system topics it publishes to and consumes. Idempotent.
    public func prepareStorage() throws {
        try AuthSchema.migrate(pool: runtime.database)
        try EventLogSchema.migrate(pool: runtime.database)
        let existing = Set(try log.listTopics().map(\.topic))
        for topic in [AnalysisCompleted.topic, AnalysisFailed.topic, AnalysisInvalidated.topic, AlertRaised.topic]
        where !existing.contains(topic) {
            try log.createTopic(topic, retention: .forever)
        }
    }

    /// Starts the consumers, the run worker and the topic watcher (after `prepareStorage`
    /// succeeded, retried every second; readiness check `analytics_storage` until then).
    public func start() {
        runtime.readiness.declare("analytics_storage")
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                do {
                    try prepareStorage()
                    runtime.readiness.update("analytics_storage", ok: true)
                    break
                } catch {
                    runtime.readiness.update("analytics_storage", ok: false, detail: "waiting for the database")
                    Thread.sleep(forTimeInterval: 1)
                }
            }
            worker.start()
            invalidations.start()
            while !stopped.load(ordering: .relaxed) {
                if profilesEnabled { refreshProfiles() }
                refreshConsumers()
                Thread.sleep(forTimeInterval: 2)
            }
        }
        thread.name = "sluice-analytics-topics"
        thread.start()
    }

    /// Stops the background work (each thread ends after its current step).
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        worker.stop()
        invalidations.stop()
        consumers.withLock { all in
            for consumer in all.values { consumer.stop() }
            all.removeAll()
        }
        notifier.stop()
        cache.shutdown()
    }

    /// Declares (or updates, as a new version) the data-quality profile of every topic with a
    /// registered schema, with the checks declared on it. A new or changed profile is rebuilt
    /// over the topic's history.
    public func refreshProfiles() {
        guard let topics = try? schemas.latestSchemas() else { return }
        for (topic, schema) in topics {
            guard let (analysis, outcome) = try? profiles.declare(topic: topic, schema: schema) else { continue }
            if outcome != .unchanged { _ = try? queueRebuild(analysis) }
        }
    }

    /// Starts a consumer for every analysed topic that has none yet.
    public func refreshConsumers() {
        guard let topics = try? analyses.analysedTopics() else { return }
        if let counts = try? runs.counts() { metrics.runsOpen.labels().set(Double(counts.open)) }
        for name in topics {
            guard let topic = TopicName(name) else { continue }
            let consumer: TopicConsumer? = consumers.withLock { all in
                guard all[name] == nil, !stopped.load(ordering: .relaxed) else { return nil }
                let consumer = TopicConsumer(
                    topic: topic, log: log, analyses: analyses, pipeline: pipeline, member: member,
                    wakeup: notifier.subscribe(topic: topic))
                all[name] = consumer
                return consumer
            }
            consumer?.start()
        }
    }

    /// The standard routes plus Analytics's.
    public func makeRouter() -> Router {
        var router = runtime.makeRouter()
        addAnalysisRoutes(to: &router)
        addProfileCheckRoute(to: &router)
        addRunRoutes(to: &router)
        addStatusRoute(to: &router)
        addAlertRoute(to: &router)
        return router
    }

    /// Declares (or redeclares) an analysis; a new or changed one has its history rebuilt,
    /// newest windows first, and when it is the topic's only active analysis the topic's consumer
    /// is moved past that history, so it is computed once (see `HistoryRebuilds`).
    public func declare(name: String, definition: AnalysisDefinition) throws
        -> (analysis: Analysis, outcome: AnalysisStore.PutOutcome, run: Run?)
    {
        let (analysis, outcome, rebuild) = try rebuilds.declare(name: name, definition: definition)
        started(rebuild, of: analysis)
        // A topic's first analysis gets its consumer now, not at the next look for topics.
        if outcome == .created { refreshConsumers() }
        return (analysis, outcome, rebuild.run)
    }

    /// Queues a rebuild of the topic's whole history for `analysis`, already declared (the
    /// profiles), handing the history over like `declare`.
    @discardableResult
    public func queueRebuild(_ analysis: Analysis) throws -> Run? {
        let rebuild = try rebuilds.queue(analysis)
        started(rebuild, of: analysis)
        return rebuild.run
    }

    private func started(_ rebuild: HistoryRebuilds.Outcome, of analysis: Analysis) {
        if let moved = rebuild.consumerMovedTo {
            runtime.logger.info("history handed to the rebuild run", [
                ("analysis", analysis.name), ("topic", analysis.definition.topic),
                ("consumer_from_offset", String(moved)),
            ])
        }
        if rebuild.run != nil { worker.wake() }
    }
}
