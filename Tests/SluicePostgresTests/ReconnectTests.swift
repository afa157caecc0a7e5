import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SluicePostgres
import SluiceTestSupport
import Testing

/// Stops and restarts a PostgreSQL server. Uses its own server (in `$SLUICE_TEST_PGDATA-restart`,
/// on the shared server's port + 1) so that other tests running in parallel are not disturbed.
@Suite("Reconnect after a server restart", .serialized)
struct ReconnectTests {
    private static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/postgres.sh").path

    /// Runs scripts/postgres.sh and returns its stdout. (popen rather than Foundation's
    /// `Process`, whose `waitUntilExit` was seen to hang here.)
    @discardableResult
    private static func postgresScript(_ arguments: [String]) throws -> String {
        func quoted(_ argument: String) -> String { "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = ([script] + arguments).map(quoted).joined(separator: " ") + " 2>/dev/null"
        guard let pipe = popen(command, "r") else {
            throw PostgresError(kind: .unexpectedResponse, message: "cannot run postgres.sh")
        }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count <= 0 { break }
            output += buffer[0..<count]
        }
        let status = pclose(pipe)
        guard status == 0 else {
            throw PostgresError(kind: .unexpectedResponse, message: "postgres.sh \(arguments) failed (\(status))")
        }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func thePoolRecoversWithoutBeingRecreated() throws {
        let directory = try TestDatabase.serverDirectory() + "-restart"
        let sharedPort = URLComponents(string: try TestDatabase.serverURL())?.port ?? 55432
        let url = try Self.postgresScript(["start", directory, String(sharedPort + 1)])
        var configuration = PostgresPoolConfiguration(url: url)
        configuration.maxConnections = 2
        configuration.acquireTimeout = .seconds(2)
        configuration.connectTimeout = .seconds(2)
        let pool = PostgresPool(configuration: configuration)
        defer { pool.close() }

        let before = try pool.withConnection { try $0.query("SELECT pg_backend_pid()").first!.decode(Int32.self) }
        try Self.postgresScript(["restart", directory])
        // The idle connection died with the old server; the pool notices and replaces it.
        let after = try pool.withConnection { try $0.query("SELECT pg_backend_pid()").first!.decode(Int32.self) }
        #expect(after != before)
        #expect(pool.connectionCounts.open == 1)

        // While the server is down, readiness says so, with the typed "unavailable" error.
        try Self.postgresScript(["stop", directory])
        #expect(pool.ping() == false)
        #expect(pool.lastKnownReachable == false)
        let error = #expect(throws: PostgresError.self) { _ = try pool.withConnection { try $0.query("SELECT 1") } }
        #expect(error?.isUnavailable == true)

        try Self.postgresScript(["start", directory, String(sharedPort + 1)])
        #expect(pool.ping())
        #expect(pool.lastKnownReachable)
    }
}
