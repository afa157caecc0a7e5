import Foundation
import SluiceHTTP
import SluiceHTTPCore
import SluiceObservability
import SluicePostgres

/// What every Sluice service shares at run time: its configuration, logger, metrics,
/// readiness, the standard routes and middleware, and the HTTP server's life cycle.
///
///     let runtime = ServiceRuntime(configuration: config)
///     var router = runtime.makeRouter()
///     router.get("/v1/things") { request, context in ... }
///     try runtime.run(router)   // until SIGTERM/SIGINT
public final class ServiceRuntime: Sendable {
    public let configuration: ServiceConfiguration
    public let logger: Logger
    public let metrics: MetricsRegistry
    public let readiness: Readiness
    /// The service's PostgreSQL pool (connections open lazily).
    public let database: PostgresPool
    private let monitor: DatabaseMonitor

    /// - Parameters:
    ///   - schema: the service's own database schema; its `migrations` are applied there
    ///     at start-up under an advisory lock (retried until the database is reachable).
    public init(
        configuration: ServiceConfiguration, schema: PostgresIdentifier, migrations: [Migration] = [],
        logHandler: any LogHandler = StdoutJSONLogHandler()
    ) {
        self.configuration = configuration
        logger = Logger(service: configuration.kind.rawValue, level: configuration.logLevel, handler: logHandler)
        metrics = MetricsRegistry()
        readiness = Readiness()
        var poolConfiguration = PostgresPoolConfiguration(url: configuration.databaseURL)
        poolConfiguration.maxConnections = configuration.databasePoolSize
        poolConfiguration.acquireTimeout = .seconds(2)
        poolConfiguration.connectTimeout = .seconds(2)
        database = PostgresPool(configuration: poolConfiguration)
        monitor = DatabaseMonitor(
            pool: database, schema: schema, migrations: migrations, readiness: readiness, metrics: metrics,
            logger: logger)
    }

    /// Starts watching the database (migrations, then readiness pings) in the background.
    public func startDatabaseMonitor() { monitor.start() }

    /// Runs one monitor round now (tests); true when migrated and reachable.
    @discardableResult
    public func checkDatabaseNow() -> Bool {
        var migrated = false
        return monitor.check(migrated: &migrated)
    }

    /// A router with the observability middleware and `/healthz`, `/readyz`, `/metrics`.
    public func makeRouter() -> Router {
        var router = Router()
        router.add(middleware: ObservabilityMiddleware(metrics: metrics, logger: logger))
        router.add(middleware: DatabaseUnavailableMiddleware())
        StandardRoutes.add(to: &router, service: configuration.kind.rawValue, readiness: readiness, metrics: metrics)
        return router
    }

    /// The HTTP server settings the configuration describes.
    public var serverConfiguration: ServerConfiguration {
        var limits = HTTPLimits()
        limits.maxHeadBytes = configuration.maxHeaderBytes
        limits.maxBodyBytes = configuration.maxBodyBytes
        return ServerConfiguration(
            host: configuration.host, port: configuration.port,
            eventLoopCount: configuration.eventLoops == 0 ? nil : configuration.eventLoops,
            workerThreadCount: configuration.workerThreads, limits: limits,
            headerTimeout: .seconds(configuration.headerTimeoutSeconds),
            bodyTimeout: .seconds(configuration.bodyTimeoutSeconds),
            idleTimeout: .seconds(configuration.idleTimeoutSeconds), maxConnections: configuration.maxConnections,
            shutdownDeadline: .seconds(configuration.shutdownDeadlineSeconds))
    }

    /// Starts serving `router` and returns the running server (tests use port 0 and read
    /// `server.port`).
    public func start(_ router: Router) throws -> HTTPServer {
        let server = makeServer(router)
        try listen(server)
        return server
    }

    /// A server for `router` whose counters are exposed as metrics.
    private func makeServer(_ router: Router) -> HTTPServer {
        let server = HTTPServer(configuration: serverConfiguration, responder: router)
        exposeStatistics(of: server)
        return server
    }

    private func listen(_ server: HTTPServer) throws {
        try server.start()
        logger.info("listening", [("port", String(server.port))])
    }

    /// Registers the server's connection counters as metrics.
    private func exposeStatistics(of server: HTTPServer) {
        metrics.computedGauge("http_server_connections", help: "Open client connections.") {
            [(labels: [], value: Double(server.statistics.openConnections))]
        }
        metrics.computedCounter(
            "http_server_rejected_connections_total",
            help: "Connections refused with 503 because SLUICE_MAX_CONNECTIONS were open.", labelNames: ["reason"]
        ) {
            [(labels: ["limit"], value: Double(server.statistics.rejectedConnections))]
        }
        metrics.computedCounter(
            "http_server_protocol_errors_total",
            help: "Requests refused by the connection before routing (framing, limits, timeouts), by status.",
            labelNames: ["status"]
        ) {
            server.statistics.protocolErrors.map { (labels: [String($0.key)], value: Double($0.value)) }
        }
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully within the deadline.
    public func run(_ router: Router, onShutdown: @Sendable () -> Void = {}) throws {
        let server = makeServer(router)
        ShutdownSignals.shutdownOnTermination(server)
        startDatabaseMonitor()
        try listen(server)
        server.wait()
        monitor.stop()
        onShutdown()
        database.close()
        logger.info("stopped")
    }
}
