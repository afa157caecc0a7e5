// swift-tools-version:6.0
// Sluice: an event data pipeline. One package, zero package dependencies.
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Sluice",
    products: [
        .executable(name: "sluice-ingest", targets: ["sluice-ingest"]),
        .executable(name: "sluice-analytics", targets: ["sluice-analytics"]),
        .executable(name: "sluice-annotation-cache", targets: ["sluice-annotation-cache"]),
    ],
    targets: [
        // MARK: Shared modules
        /// C shims for what Glibc does not export to Swift (epoll, accept4, eventfd).
        .target(name: "CSluiceSystem", path: "Shared/CSystem"),
        /// libpq as a system library (pkg-config libpq).
        .systemLibrary(
            name: "CLibPQ", path: "Shared/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        /// A fast JSON value type, parser and serializer (no JSONSerialization on hot paths).
        .target(name: "SluiceJSON", path: "Shared/JSON", swiftSettings: strict),
        /// SHA-256 and constant-time comparison (deterministic ids, hashed API keys).
        .target(name: "SluiceCrypto", path: "Shared/Crypto", swiftSettings: strict),
        /// Data contracts: the JSON Schema subset, validation, compatibility between versions.
        .target(name: "SluiceSchema", dependencies: ["SluiceJSON"], path: "Shared/Schema", swiftSettings: strict),
        /// HTTP/1.1 types, the incremental request parser, router: pure, no sockets.
        .target(name: "SluiceHTTPCore", path: "Shared/HTTPCore", swiftSettings: strict),
        /// JSON logs, Prometheus metrics, W3C trace context.
        .target(name: "SluiceObservability", dependencies: ["SluiceJSON"], path: "Shared/Observability", swiftSettings: strict),
        /// Environment configuration, validated at start-up.
        .target(name: "SluiceConfig", path: "Shared/Config", swiftSettings: strict),
        /// Sockets, epoll event loops, the HTTP server and client.
        .target(
            name: "SluiceHTTP",
            dependencies: ["CSluiceSystem", "SluiceHTTPCore", "SluiceJSON", "SluiceObservability"],
            path: "Shared/HTTP", swiftSettings: strict),
        /// A small, safe Swift layer over libpq: pool, queries, COPY, LISTEN/NOTIFY, migrations.
        .target(name: "SluicePostgres", dependencies: ["CLibPQ", "SluiceJSON"], path: "Shared/Postgres", swiftSettings: strict),
        /// The durable log: topics, offsets, consumer groups, dead letters, CloudEvents.
        .target(
            name: "SluiceEventLog", dependencies: ["SluicePostgres", "SluiceJSON", "SluiceCrypto", "SluiceObservability"],
            path: "Shared/EventLog", swiftSettings: strict),
        /// API keys for every service: hashed storage (schema `auth`), scopes, Bearer authentication.
        .target(
            name: "SluiceAuth", dependencies: ["SluiceHTTP", "SluiceHTTPCore", "SluicePostgres", "SluiceCrypto", "SluiceJSON"],
            path: "Shared/Auth", swiftSettings: strict),
        /// What every service shares: start-up, health, readiness, metrics endpoints.
        .target(
            name: "SluiceService",
            dependencies: [
                "SluiceHTTP", "SluiceHTTPCore", "SluicePostgres", "SluiceObservability", "SluiceConfig", "SluiceJSON",
                "SluiceEventLog", "SluiceCrypto",
            ],
            path: "Shared/Service", swiftSettings: strict),

        // MARK: Services
        .target(
            name: "Ingest", dependencies: ["SluiceService", "SluiceAuth", "SluiceEventLog", "SluiceSchema", "SluiceCrypto"],
            path: "Services/Ingest/Library", swiftSettings: strict),
        .executableTarget(name: "sluice-ingest", dependencies: ["Ingest"], path: "Services/Ingest/Executable", swiftSettings: strict),
        .target(
            name: "Analytics", dependencies: ["SluiceService", "SluiceAuth", "SluiceEventLog", "SluiceSchema"],
            path: "Services/Analytics/Library", swiftSettings: strict),
        .executableTarget(name: "sluice-analytics", dependencies: ["Analytics"], path: "Services/Analytics/Executable", swiftSettings: strict),
        .target(
            name: "AnnotationCache", dependencies: ["SluiceService", "SluiceAuth", "SluiceEventLog"],
            path: "Services/AnnotationCache/Library", swiftSettings: strict),
        .executableTarget(
            name: "sluice-annotation-cache", dependencies: ["AnnotationCache"],
            path: "Services/AnnotationCache/Executable", swiftSettings: strict),

        // MARK: Benchmarks
        /// SluiceJSON vs Foundation's JSONSerialization on a batch of 100 events.
        .executableTarget(
            name: "sluice-bench-json", dependencies: ["SluiceJSON"], path: "Benchmarks/JSONBench", swiftSettings: strict),
        /// Event log append/consume throughput vs a plain INSERT, and append-to-delivery latency.
        .executableTarget(
            name: "sluice-bench-eventlog", dependencies: ["SluiceEventLog", "SluicePostgres", "SluiceJSON"],
            path: "Benchmarks/EventLogBench", swiftSettings: strict),
        /// Analytics: full rebuild against PostgreSQL's own GROUP BY, and freshness under load.
        .executableTarget(
            name: "sluice-bench-analytics",
            dependencies: ["Analytics", "AnnotationCache", "SluiceService", "SluiceEventLog", "SluicePostgres", "SluiceJSON", "SluiceConfig", "SluiceObservability"],
            path: "Benchmarks/AnalyticsBench", swiftSettings: strict),
        /// SluiceSchema validation cost per event.
        .executableTarget(
            name: "sluice-bench-schema", dependencies: ["SluiceSchema"], path: "Benchmarks/SchemaBench", swiftSettings: strict),
        /// The HTTP benchmark's server (Benchmarks/http-bench.sh).
        .executableTarget(
            name: "sluice-bench-server", dependencies: ["SluiceService", "SluiceHTTP", "SluiceJSON"],
            path: "Benchmarks/HTTPBenchServer", swiftSettings: strict),
        /// COPY versus multi-row INSERT: `swift run -c release sluice-postgres-bench "$DATABASE_URL"`.
        .executableTarget(
            name: "sluice-postgres-bench", dependencies: ["SluicePostgres"], path: "Benchmarks/PostgresCopy",
            swiftSettings: strict),
        /// The Ingest benchmark's PostgreSQL reference (Benchmarks/ingest-bench.sh).
        .executableTarget(
            name: "sluice-bench-ingest-insert", dependencies: ["SluicePostgres"], path: "Benchmarks/IngestInsertBench",
            swiftSettings: strict),
        /// Ingest's CPU cost per batch: parse, validate, derive ids.
        .executableTarget(
            name: "sluice-bench-ingest-check", dependencies: ["Ingest", "SluiceJSON", "SluiceSchema", "SluiceEventLog", "SluiceCrypto"],
            path: "Benchmarks/IngestCheckBench", swiftSettings: strict),

        // MARK: Tests
        .testTarget(name: "SluiceJSONTests", dependencies: ["SluiceJSON"], path: "Tests/SluiceJSONTests"),
        .testTarget(name: "SluiceCryptoTests", dependencies: ["SluiceCrypto"], path: "Tests/SluiceCryptoTests"),
        .testTarget(name: "SluiceSchemaTests", dependencies: ["SluiceSchema"], path: "Tests/SluiceSchemaTests"),
        .testTarget(name: "SluiceHTTPCoreTests", dependencies: ["SluiceHTTPCore"], path: "Tests/SluiceHTTPCoreTests"),
        .testTarget(name: "SluiceHTTPTests", dependencies: ["SluiceHTTP"], path: "Tests/SluiceHTTPTests"),
        .testTarget(name: "SluiceObservabilityTests", dependencies: ["SluiceObservability", "SluiceJSON"], path: "Tests/SluiceObservabilityTests"),
        .testTarget(name: "SluiceConfigTests", dependencies: ["SluiceConfig"], path: "Tests/SluiceConfigTests"),
        /// Test helpers shared by every test target: a private database per test on the test server.
        .target(
            name: "SluiceTestSupport", dependencies: ["SluicePostgres", "SluiceHTTP", "SluiceHTTPCore", "SluiceJSON"],
            path: "Tests/Support", swiftSettings: strict),
        .testTarget(
            name: "SluicePostgresTests", dependencies: ["SluicePostgres", "SluiceTestSupport"],
            path: "Tests/SluicePostgresTests"),
        .testTarget(
            name: "SluiceEventLogTests", dependencies: ["SluiceEventLog", "SluiceTestSupport"],
            path: "Tests/SluiceEventLogTests"),
        .testTarget(
            name: "SluiceServiceTests",
            dependencies: ["SluiceService", "SluiceHTTP", "SluiceJSON", "SluiceConfig", "SluiceObservability", "SluicePostgres"],
            path: "Tests/SluiceServiceTests"),
        .testTarget(
            name: "SluiceAuthTests", dependencies: ["SluiceAuth", "SluiceTestSupport"], path: "Tests/SluiceAuthTests"),
        .testTarget(
            name: "IngestTests",
            dependencies: [
                "Ingest", "SluiceAuth", "SluiceTestSupport", "SluiceHTTP", "SluiceJSON", "SluiceService", "SluiceConfig",
                "SluiceObservability", "SluiceEventLog", "SluiceSchema", "SluicePostgres",
            ],
            path: "Tests/IngestTests"),
        .testTarget(
            name: "AnnotationCacheTests",
            dependencies: [
                "AnnotationCache", "SluiceAuth", "SluiceTestSupport", "SluiceHTTP", "SluiceHTTPCore", "SluiceJSON",
                "SluiceService", "SluiceConfig", "SluiceObservability", "SluiceEventLog", "SluicePostgres",
            ],
            path: "Tests/AnnotationCacheTests"),
        .testTarget(
            name: "DeploymentTests", dependencies: ["SluiceService", "SluiceHTTP", "SluiceHTTPCore", "SluiceConfig"],
            path: "Tests/DeploymentTests"),
        .testTarget(
            name: "AnalyticsTests",
            dependencies: [
                "Analytics", "Ingest", "AnnotationCache", "SluiceAuth", "SluiceTestSupport", "SluiceHTTP", "SluiceJSON", "SluiceService",
                "SluiceConfig", "SluiceEventLog", "SluicePostgres", "SluiceSchema",
            ],
            path: "Tests/AnalyticsTests"),
        .testTarget(
            name: "EndToEndTests", dependencies: ["SluiceHTTP", "SluiceJSON", "SluiceTestSupport", "SluicePostgres"],
            path: "Tests/EndToEndTests"),
    ],
    swiftLanguageModes: [.v6]
)
