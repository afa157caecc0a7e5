import Foundation
import SluiceAuth
import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluicePostgres
import SluiceService

/// The annotation cache: the annotation store and its API, the status of the pipeline, the
/// live stream of system events and the dashboard.
///
/// ```swift
/// ServiceMain.run(kind: .annotationCache, schema: CacheSchema.name, migrations: CacheSchema.migrations) { runtime in
///     try AnnotationCacheService.makeRouter(runtime: runtime)
/// }
/// ```
public final class AnnotationCacheService: Sendable {
    public let runtime: ServiceRuntime
    public let store: AnnotationStore
    public let runs: RunCommandSender
    public let log: PostgresEventLog
    public let authorizer: CacheAuthorizer
    public let metrics: CacheMetrics
    /// Feeds `GET /v1/stream` from the log.
    public let broadcaster: SystemEventBroadcaster
    /// Drops from memory what other replicas rewrote (completed and invalidated events).
    public let replicaSync: ReplicaSync
    /// Reads the other services' `/v1/status` for the dashboard.
    public let statusFetcher = StatusFetcher()
    /// CloudEvents `source` of what this service publishes.
    public static let source = "sluice-annotation-cache"
    /// The system topics the stream carries (and the cache creates when missing).
    public static let streamTopics: [TopicName] = [
        AnalysisCompleted.topic, AnalysisInvalidated.topic, AnalysisFailed.topic, AlertRaised.topic,
    ]

    public init(runtime: ServiceRuntime) {
        self.runtime = runtime
        let configuration = runtime.configuration
        store = AnnotationStore(pool: runtime.database, memory: AnnotationMemory(maxBytes: configuration.cacheMaxBytes))
        runs = RunCommandSender(analyticsURL: configuration.analyticsURL, key: configuration.adminKey)
        log = PostgresEventLog(connections: runtime.database)
        authorizer = CacheAuthorizer(
            authenticator: Authenticator(store: APIKeyStore(pool: runtime.database), adminKey: configuration.adminKey),
            open: configuration.dashboardOpen)
        broadcaster = SystemEventBroadcaster(log: log, topics: Self.streamTopics)
        replicaSync = ReplicaSync(log: log, store: store)
        metrics = CacheMetrics(registry: runtime.metrics, memory: store.memory, broadcaster: broadcaster)
    }

    /// The production router; storage preparation runs in the background.
    public static func makeRouter(runtime: ServiceRuntime) throws -> Router {
        let service = AnnotationCacheService(runtime: runtime)
        service.startPreparation()
        service.replicaSync.start()
        return service.makeRouter()
    }

    /// The standard routes plus the cache's.
    public func makeRouter() -> Router {
        var router = runtime.makeRouter()
        addAnnotationRoutes(to: &router)
        addStreamRoutes(to: &router)
        addStatusRoutes(to: &router)
        addDashboardRoutes(to: &router)
        return router
    }

    /// What the cache needs besides its own schema: the `auth` and `eventlog` schemas and the
    /// system topics it publishes to and streams from. Idempotent.
    public func prepareStorage() throws {
        try AuthSchema.migrate(pool: runtime.database)
        try EventLogSchema.migrate(pool: runtime.database)
        let existing = Set(try log.listTopics().map(\.topic))
        for topic in Self.streamTopics where !existing.contains(topic) {
            try log.createTopic(topic, retention: .forever)
        }
    }

    /// Runs `prepareStorage` on a background thread until it succeeds; readiness check
    /// `cache_storage` is false until then.
    public func startPreparation() {
        runtime.readiness.declare("cache_storage")
        BackgroundThread.start(name: "sluice-cache-prepare") { [self] in
            while true {
                do {
                    try prepareStorage()
                    runtime.readiness.update("cache_storage", ok: true)
                    return
                } catch {
                    runtime.readiness.update("cache_storage", ok: false, detail: "waiting for the database")
                    Thread.sleep(forTimeInterval: 0.5)
                }
            }
        }
    }
}
