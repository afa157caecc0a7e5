import Foundation
import SluiceAuth
import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluicePostgres
import SluiceService

/// The Ingest service: producers' REST API, schema registry, validation, dedup, dead letters,
/// drift, API keys. Stateless: run as many replicas as needed against one database.
///
/// ```swift
/// ServiceMain.run(kind: .ingest, schema: IngestSchema.name, migrations: IngestSchema.migrations) { runtime in
///     try IngestService.makeRouter(runtime: runtime)
/// }
/// ```
public final class IngestService: Sendable {
    public let runtime: ServiceRuntime
    public let authenticator: Authenticator
    public let log: PostgresEventLog
    public let registry: TopicRegistry
    public let ingestor: EventIngestor
    public let metrics: IngestMetrics
    public let rateLimiter: RateLimiter
    /// CloudEvents `source` of what this service publishes.
    static let source = "sluice-ingest"

    public init(runtime: ServiceRuntime) {
        self.runtime = runtime
        let configuration = runtime.configuration
        authenticator = Authenticator(store: APIKeyStore(pool: runtime.database), adminKey: configuration.adminKey)
        log = PostgresEventLog(connections: runtime.database, metrics: EventLogMetrics(registry: runtime.metrics))
        registry = TopicRegistry(pool: runtime.database, log: log)
        metrics = IngestMetrics(registry: runtime.metrics)
        ingestor = EventIngestor(
            pool: runtime.database, log: log, registry: registry, metrics: metrics, source: Self.source)
        rateLimiter = RateLimiter(
            ratePerSecond: configuration.rateLimitPerSecond, burst: configuration.rateLimitBurst,
            refusals: metrics.rateLimited.labels())
    }

    /// The production router; storage preparation runs in the background (see `startPreparation`).
    public static func makeRouter(runtime: ServiceRuntime) throws -> Router {
        let service = IngestService(runtime: runtime)
        service.startPreparation()
        return service.makeRouter()
    }

    /// The standard routes plus Ingest's.
    public func makeRouter() -> Router {
        var router = runtime.makeRouter()
        router.add(middleware: IngestUnavailableMiddleware())
        KeyRoutes.add(to: &router, authenticator: authenticator)
        addTopicRoutes(to: &router)
        addEventRoutes(to: &router)
        addDeadLetterRoutes(to: &router)
        addStatusRoute(to: &router)
        return router
    }

    /// The caller, if its key covers `permission` and is within its rate (401, 403, 429).
    @discardableResult
    func authorize(_ request: HTTPRequest, _ permission: Permission?) throws -> Principal {
        let principal =
            try permission.map { try authenticator.authorize(request, for: $0) } ?? authenticator.authenticate(request)
        try rateLimiter.check(keyID: principal.keyID)
        return principal
    }

    /// What Ingest needs besides its own schema (which `ServiceRuntime` migrates): the `auth`
    /// and `eventlog` schemas, the system topics it publishes to, and, without a configured
    /// `SLUICE_ADMIN_KEY`, a generated admin key (logged once, by the first service to start).
    /// Idempotent; safe from several replicas at once.
    public func prepareStorage() throws {
        let generatedAdminKey = try AuthSchema.prepare(
            pool: runtime.database, adminKeyConfigured: runtime.configuration.adminKey != nil)
        try EventLogSchema.migrate(pool: runtime.database)
        let existing = Set(try ingestStep { try log.listTopics() }.map(\.topic))
        for topic in [SchemaRegistered.topic, SchemaFieldSeen.topic] where !existing.contains(topic) {
            try ingestStep { try log.createTopic(topic, retention: .forever) }
        }
        if let key = generatedAdminKey {
            runtime.logger.warning(
                "generated the admin API key; it is shown only now: set SLUICE_ADMIN_KEY or keep this one",
                [("admin_key", key.text)])
        }
    }

    /// Runs `prepareStorage` on a background thread until it succeeds; readiness check
    /// `ingest_storage` is false until then.
    public func startPreparation() {
        runtime.readiness.declare("ingest_storage")
        let thread = Thread { [self] in
            var reported = false
            while true {
                do {
                    try prepareStorage()
                    runtime.readiness.update("ingest_storage", ok: true)
                    // Partitions ahead of time and retention; never blocks ingestion (see the log).
                    _ = MaintenanceLoop(log: log, interval: .seconds(3600), logger: runtime.logger)
                    return
                } catch {
                    runtime.readiness.update("ingest_storage", ok: false, detail: "waiting for the database")
                    if !reported {
                        runtime.logger.warning("cannot prepare storage yet; retrying", [("error", String(describing: error))])
                        reported = true
                    }
                    Thread.sleep(forTimeInterval: 0.5)
                }
            }
        }
        thread.name = "sluice-ingest-prepare"
        thread.start()
    }
}
