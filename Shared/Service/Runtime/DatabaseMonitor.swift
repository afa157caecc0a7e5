import Foundation
import SluiceObservability
import SluicePostgres
import Synchronization

/// Keeps the service's readiness in step with its database: applies the service's
/// migrations (retrying until the database is there), then pings it every few seconds.
/// Readiness checks `database` and `migrations`; gauge `db_up`; gauges of pool usage.
/// A service starts and answers `/healthz` even while the database is down; `/readyz`
/// says why it is not ready.
final class DatabaseMonitor: Sendable {
    private let pool: PostgresPool
    private let schema: PostgresIdentifier
    private let migrations: [Migration]
    private let readiness: Readiness
    private let logger: Logger
    private let up: Gauge
    private let interval: Duration
    private let stopped = Atomic<Bool>(false)

    init(
        pool: PostgresPool, schema: PostgresIdentifier, migrations: [Migration], readiness: Readiness,
        metrics: MetricsRegistry, logger: Logger, interval: Duration = .seconds(2)
    ) {
        self.pool = pool
        self.schema = schema
        self.migrations = migrations
        self.readiness = readiness
        self.logger = logger
        self.interval = interval
        up = metrics.gauge("db_up", help: "1 when the last database check succeeded, else 0.").labels()
        metrics.computedGauge(
            "db_pool_connections", help: "PostgreSQL pool connections by state.", labelNames: ["state"]
        ) { [pool] in
            let counts = pool.connectionCounts
            return [(labels: ["idle"], value: Double(counts.idle)), (labels: ["in_use"], value: Double(counts.open - counts.idle))]
        }
        readiness.declare("database")
        readiness.declare("migrations")
    }

    /// Starts the monitoring thread.
    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "sluice-db-monitor"
        thread.start()
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    /// One round: migrate if not yet done, then ping. Returns whether both are fine.
    @discardableResult
    func check(migrated: inout Bool) -> Bool {
        if !migrated {
            do {
                let applied = try Migrator.migrate(pool: pool, schema: schema, migrations: migrations)
                migrated = true
                readiness.update("migrations", ok: true)
                if !applied.isEmpty { logger.info("migrations applied", [("versions", applied.map(String.init).joined(separator: ","))]) }
            } catch let error as PostgresError where error.isUnavailable {
                readiness.update("migrations", ok: false, detail: "waiting for the database")
            } catch {
                readiness.update("migrations", ok: false, detail: "migration failed")
                logger.error("migration failed", [("error", String(reflecting: error))])
            }
        }
        let reachable = pool.ping()
        readiness.update("database", ok: reachable, detail: "unreachable")
        up.set(reachable ? 1 : 0)
        return migrated && reachable
    }

    private func loop() {
        var migrated = false
        var wasReachable = true
        while !stopped.load(ordering: .relaxed) {
            let healthy = check(migrated: &migrated)
            if healthy != wasReachable {
                if healthy { logger.info("database reachable") } else { logger.warning("database not ready") }
                wasReachable = healthy
            }
            Thread.sleep(forTimeInterval: healthy ? Self.seconds(interval) : 0.5)
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
