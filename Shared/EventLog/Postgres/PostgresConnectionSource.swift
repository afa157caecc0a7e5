import SluicePostgres

/// Where `PostgresEventLog` borrows connections: `PostgresPool` in services.
///
/// A protocol (rather than the pool type) only so the log states exactly what it needs.
public protocol PostgresConnectionSource: Sendable {
    /// Runs `body` with a connection that is not in a transaction, and takes it back after.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T
}

extension PostgresPool: PostgresConnectionSource {}

/// Maps any error of a storage step into `EventLogError`.
func eventLogStep<T>(_ step: String, _ body: () throws -> T) throws(EventLogError) -> T {
    do {
        return try body()
    } catch let error as EventLogError {
        throw error
    } catch let error as PostgresError {
        if error.isUnavailable { throw .unavailable("\(step): \(error)") }
        if error.code == .deadlockDetected || error.code == .serializationFailure { throw .conflict("\(step): \(error)") }
        throw .storage("\(step): \(error)")
    } catch {
        throw .storage("\(step): \(error)")
    }
}

/// SQL for a `timestamptz` column as microseconds since the epoch (exact, unlike `float8`).
/// `column` is always a constant of this module.
func micros(_ column: String) -> String { "(EXTRACT(EPOCH FROM \(column)) * 1000000)::int8" }
