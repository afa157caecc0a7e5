import SluiceConfig
import Testing
@testable import SluiceService

@Suite struct ServiceConfigurationTests {
    @Test func defaultsFollowTheServiceKind() throws {
        let empty = EnvironmentReader([:])
        #expect(try ServiceConfiguration(kind: .ingest, environment: empty).port == 8080)
        #expect(try ServiceConfiguration(kind: .analytics, environment: empty).port == 8081)
        let cache = try ServiceConfiguration(kind: .annotationCache, environment: empty)
        #expect(cache.port == 8082)
        #expect(cache.maxHeaderBytes == 16384)
        #expect(cache.maxBodyBytes == 1_048_576)
        #expect(cache.adminKey == nil)
    }

    @Test func readsEveryDocumentedVariable() throws {
        let env = EnvironmentReader([
            "PORT": "9000", "DATABASE_URL": "postgresql://u@db:5432/x", "SLUICE_ANALYTICS_URL": "http://analytics:8081",
            "SLUICE_ADMIN_KEY": "0123456789abcdef", "SLUICE_MAX_BODY_BYTES": "2048", "SLUICE_HEADER_TIMEOUT_S": "2.5",
            "SLUICE_MAX_CONNECTIONS": "5", "SLUICE_LOG_LEVEL": "debug",
        ])
        let config = try ServiceConfiguration(kind: .ingest, environment: env)
        #expect(config.port == 9000)
        #expect(config.databaseURL == "postgresql://u@db:5432/x")
        #expect(config.analyticsURL == "http://analytics:8081")
        #expect(config.adminKey == "0123456789abcdef")
        #expect(config.maxBodyBytes == 2048)
        #expect(config.headerTimeoutSeconds == 2.5)
        #expect(config.maxConnections == 5)
        #expect(config.logLevel == .debug)
    }

    @Test(arguments: [
        ("PORT", "-1"), ("SLUICE_MAX_BODY_BYTES", "lots"), ("SLUICE_IDLE_TIMEOUT_S", "0"),
        ("SLUICE_LOG_LEVEL", "verbose"), ("SLUICE_CACHE_URL", "cache:8082"), ("SLUICE_ADMIN_KEY", "short"),
    ])
    func badValuesNameTheVariable(name: String, value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration(kind: .ingest, environment: EnvironmentReader([name: value]))
        }
        #expect(error?.variable == name)
    }

    /// Analytics holds one connection while the event log borrows another when it declares
    /// a topic's first analysis: a pool of one is refused at start, not found out later.
    @Test func analyticsNeedsAPoolOfTwo() throws {
        let one = EnvironmentReader(["SLUICE_DB_POOL_SIZE": "1"])
        #expect(try ServiceConfiguration(kind: .ingest, environment: one).databasePoolSize == 1)
        let error = #expect(throws: ConfigurationError.self) { try ServiceConfiguration(kind: .analytics, environment: one) }
        #expect(error?.variable == "SLUICE_DB_POOL_SIZE")
        let two = EnvironmentReader(["SLUICE_DB_POOL_SIZE": "2"])
        #expect(try ServiceConfiguration(kind: .analytics, environment: two).databasePoolSize == 2)
    }
}
