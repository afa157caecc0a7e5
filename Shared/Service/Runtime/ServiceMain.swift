import Foundation
import SluiceConfig
import SluiceHTTP
import SluicePostgres

/// The body of every service's `main`: read and validate the environment (a bad value
/// prints one line naming it and exits with status 2), build the service, serve until
/// SIGTERM/SIGINT.
public enum ServiceMain {
    public static func run(
        kind: ServiceConfiguration.Kind, schema: PostgresIdentifier, migrations: [Migration] = [],
        build: (ServiceRuntime) throws -> Router
    ) -> Never {
        // Before any thread exists, so every thread the service starts inherits the mask.
        ShutdownSignals.blockTerminationSignals()
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration(
                kind: kind, environment: EnvironmentReader(ProcessInfo.processInfo.environment))
        } catch {
            FileHandle.standardError.write(Data("sluice-\(kind.rawValue): \(error)\n".utf8))
            exit(2)
        }
        let runtime = ServiceRuntime(configuration: configuration, schema: schema, migrations: migrations)
        do {
            let router = try build(runtime)
            try runtime.run(router)
            exit(0)
        } catch {
            runtime.logger.error("cannot start", [("error", String(describing: error))])
            exit(1)
        }
    }
}
