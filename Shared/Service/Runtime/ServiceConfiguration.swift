import SluiceConfig
import SluiceObservability

/// Everything a Sluice service reads from its environment, validated. Defaults are
/// documented in docs/configuration.md; `ServiceConfiguration.variables` lists the names.
public struct ServiceConfiguration: Sendable, Equatable {
    /// Which service this is; decides the default port.
    public enum Kind: String, Sendable {
        case ingest, analytics, annotationCache = "annotation-cache"

        public var defaultPort: Int {
            switch self {
            case .ingest: 8080
            case .analytics: 8081
            case .annotationCache: 8082
            }
        }
    }

    public var kind: Kind
    public var host: String
    public var port: Int
    public var databaseURL: String
    public var ingestURL: String
    public var analyticsURL: String
    public var cacheURL: String
    /// The admin API key, when set (`SLUICE_ADMIN_KEY`).
    public var adminKey: String?
    public var maxHeaderBytes: Int
    public var maxBodyBytes: Int
    public var headerTimeoutSeconds: Double
    public var bodyTimeoutSeconds: Double
    public var idleTimeoutSeconds: Double
    public var maxConnections: Int
    public var shutdownDeadlineSeconds: Double
    /// Event loops; 0 means one per core.
    public var eventLoops: Int
    public var workerThreads: Int
    public var databasePoolSize: Int
    public var logLevel: LogLevel
    /// Ingest: the most events one request may carry (`SLUICE_INGEST_MAX_BATCH`).
    public var ingestMaxBatch: Int
    /// Requests per second each API key may make; 0 turns the limit off (`SLUICE_RATE_LIMIT_PER_S`).
    public var rateLimitPerSecond: Double
    /// Requests a key may make at once after being idle (`SLUICE_RATE_LIMIT_BURST`).
    public var rateLimitBurst: Int
    /// Annotation cache: the most bytes its in-memory annotations may take (`SLUICE_CACHE_MAX_BYTES`).
    public var cacheMaxBytes: Int
    /// Annotation cache: reading (annotations, stream, dashboard) needs no key (`SLUICE_DASHBOARD_OPEN=1`).
    public var dashboardOpen: Bool
    /// Analytics: where raised alerts are POSTed as CloudEvents, if anywhere (`SLUICE_ALERT_WEBHOOK_URL`).
    public var alertWebhookURL: String?

    /// Every variable a service reads, for docs and the deployment checks.
    public static let variables: [String] = [
        "PORT", "SLUICE_HOST", "DATABASE_URL", "SLUICE_INGEST_URL", "SLUICE_ANALYTICS_URL", "SLUICE_CACHE_URL",
        "SLUICE_ADMIN_KEY", "SLUICE_MAX_HEADER_BYTES", "SLUICE_MAX_BODY_BYTES", "SLUICE_HEADER_TIMEOUT_S",
        "SLUICE_BODY_TIMEOUT_S", "SLUICE_IDLE_TIMEOUT_S", "SLUICE_MAX_CONNECTIONS", "SLUICE_SHUTDOWN_DEADLINE_S",
        "SLUICE_EVENT_LOOPS", "SLUICE_WORKER_THREADS", "SLUICE_DB_POOL_SIZE", "SLUICE_LOG_LEVEL",
        "SLUICE_INGEST_MAX_BATCH", "SLUICE_RATE_LIMIT_PER_S", "SLUICE_RATE_LIMIT_BURST",
        "SLUICE_CACHE_MAX_BYTES", "SLUICE_DASHBOARD_OPEN", "SLUICE_ALERT_WEBHOOK_URL",
    ]

    /// Reads and validates the configuration; throws the first bad value.
    public init(kind: Kind, environment: EnvironmentReader) throws {
        self.kind = kind
        host = environment.string("SLUICE_HOST", default: "0.0.0.0")
        port = try environment.integer("PORT", default: kind.defaultPort, range: 0...65535)
        databaseURL = try environment.postgresURL("DATABASE_URL", default: "postgresql://postgres@127.0.0.1:5432/sluice")
        ingestURL = try environment.httpURL("SLUICE_INGEST_URL", default: "http://127.0.0.1:8080")
        analyticsURL = try environment.httpURL("SLUICE_ANALYTICS_URL", default: "http://127.0.0.1:8081")
        cacheURL = try environment.httpURL("SLUICE_CACHE_URL", default: "http://127.0.0.1:8082")
        adminKey = environment.raw("SLUICE_ADMIN_KEY")
        if let adminKey, adminKey.utf8.count < 16 {
            throw ConfigurationError(
                variable: "SLUICE_ADMIN_KEY", value: "(hidden, \(adminKey.utf8.count) characters)",
                expected: "at least 16 characters")
        }
        maxHeaderBytes = try environment.integer("SLUICE_MAX_HEADER_BYTES", default: 16 * 1024, range: 1024...1_048_576)
        maxBodyBytes = try environment.integer("SLUICE_MAX_BODY_BYTES", default: 1_048_576, range: 1024...1_073_741_824)
        headerTimeoutSeconds = try environment.seconds("SLUICE_HEADER_TIMEOUT_S", default: 10, range: 0.1...3600)
        bodyTimeoutSeconds = try environment.seconds("SLUICE_BODY_TIMEOUT_S", default: 30, range: 0.1...3600)
        idleTimeoutSeconds = try environment.seconds("SLUICE_IDLE_TIMEOUT_S", default: 60, range: 0.1...86400)
        maxConnections = try environment.integer("SLUICE_MAX_CONNECTIONS", default: 10_000, range: 1...1_000_000)
        shutdownDeadlineSeconds = try environment.seconds("SLUICE_SHUTDOWN_DEADLINE_S", default: 10, range: 0...3600)
        eventLoops = try environment.integer("SLUICE_EVENT_LOOPS", default: 0, range: 0...256)
        workerThreads = try environment.integer("SLUICE_WORKER_THREADS", default: 32, range: 1...1024)
        // Analytics declares a topic's first analysis in a transaction that holds one pooled
        // connection while the event log borrows another (HistoryRebuilds): one would deadlock.
        databasePoolSize = try environment.integer(
            "SLUICE_DB_POOL_SIZE", default: 10, range: (kind == .analytics ? 2 : 1)...500)
        let level = try environment.choice(
            "SLUICE_LOG_LEVEL", default: "info", among: ["debug", "info", "warning", "error"])
        logLevel = LogLevel(name: level) ?? .info
        ingestMaxBatch = try environment.integer("SLUICE_INGEST_MAX_BATCH", default: 1000, range: 1...10_000)
        rateLimitPerSecond = try environment.seconds("SLUICE_RATE_LIMIT_PER_S", default: 0, range: 0...1_000_000)
        rateLimitBurst = try environment.integer("SLUICE_RATE_LIMIT_BURST", default: 100, range: 1...1_000_000)
        cacheMaxBytes = try environment.integer(
            "SLUICE_CACHE_MAX_BYTES", default: 256 * 1024 * 1024, range: 4096...(1 << 40))
        dashboardOpen = try environment.flag("SLUICE_DASHBOARD_OPEN", default: false)
        alertWebhookURL = environment.raw("SLUICE_ALERT_WEBHOOK_URL") == nil
            ? nil : try environment.httpURL("SLUICE_ALERT_WEBHOOK_URL", default: "")
    }
}
