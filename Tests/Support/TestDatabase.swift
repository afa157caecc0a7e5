import Foundation
import SluicePostgres

/// A private database for one test (or suite), created from `template1` on the server
/// named by `SLUICE_TEST_DATABASE_URL` and dropped afterwards, so parallel tests never
/// see each other's tables.
///
/// ```swift
/// @Test func inserts() throws {
///     try TestDatabase.with { db in
///         try db.pool.withConnection { try $0.execute("CREATE TABLE t (id int8)") }
///     }
/// }
/// ```
///
/// When the variable is missing the test fails (never skips) with a message saying how
/// to start the server: see `TestDatabaseUnavailable`.
public final class TestDatabase: Sendable {
    /// The database's name (`test_<label>_<random>`).
    public let name: String
    /// A URL for this database.
    public let url: String
    /// A pool on this database (max 4 connections, 5 s acquire timeout).
    public let pool: PostgresPool
    private let adminURL: String

    /// The server's URL from `SLUICE_TEST_DATABASE_URL`.
    /// - Throws: `TestDatabaseUnavailable` when it is not set.
    public static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["SLUICE_TEST_DATABASE_URL"], !url.isEmpty else {
            throw TestDatabaseUnavailable(variable: "SLUICE_TEST_DATABASE_URL")
        }
        return url
    }

    /// The directory given to `scripts/postgres.sh start` (`SLUICE_TEST_PGDATA`).
    /// - Throws: `TestDatabaseUnavailable` when it is not set.
    public static func serverDirectory() throws -> String {
        guard let directory = ProcessInfo.processInfo.environment["SLUICE_TEST_PGDATA"], !directory.isEmpty else {
            throw TestDatabaseUnavailable(variable: "SLUICE_TEST_PGDATA")
        }
        return directory
    }

    /// Creates a fresh database. Call `drop()` when done, or use `with`.
    public init(label: String = "t") throws {
        let adminURL = try Self.serverURL()
        let cleanLabel = String(label.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.prefix(20).map(Character.init))
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let name = "test_\(cleanLabel)_\(suffix)"
        let identifier = try PostgresIdentifier(name)
        let admin = try PostgresConnection.connect(url: adminURL)
        defer { admin.close() }
        try admin.executeScript("CREATE DATABASE \(identifier: identifier)")
        self.name = name
        self.adminURL = adminURL
        self.url = try Self.replacingDatabase(in: adminURL, with: name)
        var configuration = PostgresPoolConfiguration(url: url)
        configuration.maxConnections = 4
        self.pool = PostgresPool(configuration: configuration)
    }

    /// Runs `body` with a fresh database and drops it afterwards (even if `body` throws).
    @discardableResult
    public static func with<Result>(label: String = "t", _ body: (TestDatabase) throws -> Result) throws -> Result {
        let database = try TestDatabase(label: label)
        defer { database.drop() }
        return try body(database)
    }

    /// Closes the pool and drops the database (forcing out any remaining sessions).
    public func drop() {
        pool.close()
        guard let admin = try? PostgresConnection.connect(url: adminURL),
            let identifier = try? PostgresIdentifier(name)
        else { return }
        defer { admin.close() }
        _ = try? admin.executeScript("DROP DATABASE IF EXISTS \(identifier: identifier) WITH (FORCE)")
    }

    /// Opens a dedicated connection to this database (for LISTEN, say). Close it yourself.
    public func connect() throws -> PostgresConnection {
        try PostgresConnection.connect(url: url)
    }

    static func replacingDatabase(in url: String, with database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw TestDatabaseUnavailable(variable: "SLUICE_TEST_DATABASE_URL") }
        components.path = "/" + database
        guard let result = components.string else { throw TestDatabaseUnavailable(variable: "SLUICE_TEST_DATABASE_URL") }
        return result
    }
}

/// The test server is not configured. The message says how to start it.
public struct TestDatabaseUnavailable: Error, CustomStringConvertible {
    public var variable: String
    public var description: String {
        """
        \(variable) is not set (or not valid): the database tests need the private PostgreSQL server. \
        Run the project's test command, which starts it, or start it yourself:
            export SLUICE_TEST_PGDATA=.data/postgres
            export SLUICE_TEST_DATABASE_URL=$(scripts/postgres.sh start .data/postgres 55432)
            swift test
        """
    }
}
