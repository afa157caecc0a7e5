import Foundation
import SluiceConfig
import SluiceHTTP
import SluiceHTTPCore
import SluiceService
import Testing

/// The deployment files (docker-compose.yml, deploy/) must match what the services really
/// read and serve: one source of truth for variable names, ports and probe paths. No
/// Docker engine runs here, so this is what can be checked statically.
@Suite struct DeploymentConsistencyTests {
    static let services: [(name: String, kind: ServiceConfiguration.Kind)] = [
        ("ingest", .ingest), ("analytics", .analytics), ("annotation-cache", .annotationCache),
    ]
    static let knownVariables = Set(ServiceConfiguration.variables)

    @Test func everyServiceIsAnExecutableProduct() throws {
        let products = try DeploymentFiles.executableProducts()
        for service in Self.services { #expect(products.contains("sluice-\(service.name)")) }
        let dockerfile = try DeploymentFiles.text("deploy/Dockerfile")
        #expect(dockerfile.contains(#"--product "sluice-${SERVICE}""#))
    }

    @Test(arguments: services.map(\.name))
    func composeServiceMatchesTheService(name: String) throws {
        let kind = try #require(Self.services.first { $0.name == name }?.kind)
        let compose = try DeploymentFiles.text("docker-compose.yml")
        let block = try #require(DeploymentFiles.composeService(name, in: compose), "no service \(name) in compose")
        let port = kind.defaultPort
        #expect(DeploymentFiles.value(of: "SERVICE", in: block) == name)
        #expect(DeploymentFiles.value(of: "PORT", in: block) == String(port))
        #expect(block.contains("\"\(port):\(port)\""))
        #expect(block.contains("http://127.0.0.1:\(port)/readyz"))
        #expect(block.contains("condition: service_healthy"))
        #expect(block.contains("restart: unless-stopped"))
        let unknown = DeploymentFiles.environmentNames(in: block).subtracting(Self.knownVariables).subtracting(["SERVICE"])
        #expect(unknown.isEmpty, "variables no service reads: \(unknown)")
        // Peers are found by compose service name.
        #expect(DeploymentFiles.value(of: "SLUICE_ANALYTICS_URL", in: block) == "http://analytics:8081")
        #expect(DeploymentFiles.value(of: "SLUICE_CACHE_URL", in: block) == "http://annotation-cache:8082")
        #expect(DeploymentFiles.value(of: "SLUICE_INGEST_URL", in: block) == "http://ingest:8080")
    }

    @Test(arguments: services.map(\.name))
    func kubernetesManifestMatchesTheService(name: String) throws {
        let kind = try #require(Self.services.first { $0.name == name }?.kind)
        let manifest = try DeploymentFiles.text("deploy/k8s/\(name).yaml")
        let all = Substring(manifest)
        let unknown = DeploymentFiles.environmentNames(in: all).subtracting(Self.knownVariables)
        #expect(unknown.isEmpty, "variables no service reads: \(unknown)")
        #expect(DeploymentFiles.value(of: "PORT", in: all) == String(kind.defaultPort))
        #expect(DeploymentFiles.value(of: "containerPort", in: all) == String(kind.defaultPort))
        #expect(manifest.contains("path: /healthz"))
        #expect(manifest.contains("path: /readyz"))
        #expect(manifest.contains("key: DATABASE_URL"))
        #expect(manifest.contains("kind: Service\n"))
        if name == "ingest" { #expect(manifest.contains("kind: HorizontalPodAutoscaler")) }
        let secrets = try DeploymentFiles.text("deploy/k8s/secrets.example.yaml")
        #expect(DeploymentFiles.environmentNames(in: Substring(secrets)).isSubset(of: Self.knownVariables))
    }

    @Test(arguments: services.map(\.name))
    func systemdUnitMatchesTheService(name: String) throws {
        let kind = try #require(Self.services.first { $0.name == name }?.kind)
        let unit = try DeploymentFiles.text("deploy/systemd/sluice-\(name).service")
        #expect(unit.contains("Environment=PORT=\(kind.defaultPort)\n"))
        #expect(unit.contains("ExecStart=/usr/local/bin/sluice-\(name)\n"))
    }

    @Test func probePathsAreServedByEveryService() throws {
        let configuration = try ServiceConfiguration(kind: .ingest, environment: EnvironmentReader([:]))
        let runtime = ServiceRuntime(configuration: configuration, schema: "deployment_test")
        let router = runtime.makeRouter()
        for path in ["/healthz", "/readyz", "/metrics"] {
            let response = try router.respond(to: HTTPRequest(method: .get, target: path), context: RequestContext())
            #expect(response.status != .notFound, "\(path) is not served")
        }
    }

    @Test func everyVariableIsDocumented() throws {
        let docs = try DeploymentFiles.text("docs/configuration.md")
        for variable in ServiceConfiguration.variables { #expect(docs.contains("`\(variable)`"), "\(variable) undocumented") }
    }
}

/// Every alert has a runbook entry, and every alert uses metrics the services export.
@Suite struct AlertRunbookTests {
    static func alertNames() throws -> [String] {
        try DeploymentFiles.text("deploy/prometheus/alerts.yaml").split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("- alert: ") ? String(trimmed.dropFirst("- alert: ".count)) : nil
        }
    }

    @Test func everyAlertHasARunbookEntry() throws {
        let runbook = try DeploymentFiles.text("docs/operations.md")
        let names = try Self.alertNames()
        #expect(names.count >= 5)
        for name in names {
            #expect(runbook.contains("### \(name)\n"), "no runbook entry for \(name)")
            #expect(try DeploymentFiles.text("deploy/prometheus/alerts.yaml").contains("#\(name.lowercased())"))
        }
    }

    @Test func everyMetricInTheMetricsReferenceIsDocumentedWithRanges() throws {
        let reference = try DeploymentFiles.text("docs/metrics.md")
        for metric in [
            "http_server_requests_total", "http_server_request_duration_seconds", "http_server_connections",
            "http_server_rejected_connections_total", "http_server_protocol_errors_total", "db_pool_connections", "db_up",
        ] {
            #expect(reference.contains("`\(metric)`"), "\(metric) undocumented")
        }
    }
}

/// The alert expressions use only metrics the metrics reference documents.
@Suite struct AlertMetricsTests {
    @Test func alertExpressionsUseDocumentedMetrics() throws {
        let rules = try DeploymentFiles.text("deploy/prometheus/alerts.yaml")
        let reference = try DeploymentFiles.text("docs/metrics.md")
        var used = Set<String>()
        var inExpression = false
        for line in rules.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("expr:") { inExpression = true } else if trimmed.contains(":") && !trimmed.hasPrefix("/") && !trimmed.hasPrefix("sum") { inExpression = false }
            guard inExpression else { continue }
            // Drop quoted label values, then keep identifiers with an underscore.
            let unquoted = trimmed.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: " ")
            for token in unquoted.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
            where token.contains("_") && token != "histogram_quantile" {
                var name = String(token)
                if name.hasSuffix("_bucket") { name.removeLast("_bucket".count) }
                used.insert(name)
            }
        }
        #expect(used.contains("http_server_requests_total"))
        #expect(used.contains("sluice_eventlog_parked_records_total"))
        for metric in used { #expect(reference.contains("`\(metric)`"), "\(metric) is used by an alert but not documented") }
    }
}
