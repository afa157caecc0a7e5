/// A transaction step failed: BEGIN, COMMIT or ROLLBACK. Each step's error is kept apart.
///
/// When only the body fails and the ROLLBACK succeeds, `withTransaction` rethrows the
/// body's own error unchanged instead; this type appears when the database itself failed
/// to begin, commit or roll back.
public struct PostgresTransactionError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// BEGIN failed (the body never ran).
    public var beginError: PostgresError?
    /// The body's error, when the body threw and the rollback then failed too.
    public var bodyError: (any Error)?
    /// COMMIT failed, or the server answered COMMIT with ROLLBACK (the transaction had failed).
    public var commitError: PostgresError?
    /// ROLLBACK failed (after a body error).
    public var rollbackError: PostgresError?

    /// The first PostgresError among the steps, for code checks (`.serializationFailure`).
    public var postgresError: PostgresError? {
        beginError ?? commitError ?? (bodyError as? PostgresError) ?? rollbackError
    }

    /// True when the database could not be reached (answer 503).
    public var isUnavailable: Bool { postgresError?.isUnavailable ?? false }

    public var description: String {
        var steps: [String] = []
        if let beginError { steps.append("begin: \(beginError)") }
        if let bodyError { steps.append("body: \(bodyError)") }
        if let commitError { steps.append("commit: \(commitError)") }
        if let rollbackError { steps.append("rollback: \(rollbackError)") }
        return "PostgresTransactionError(\(steps.joined(separator: "; "))) at \(file):\(line)"
    }
}

extension PostgresPool {
    /// Runs `body` in a transaction on a pooled connection: BEGIN, then COMMIT if `body`
    /// returns, ROLLBACK if it throws.
    ///
    /// - Parameter isolation: The isolation level; the server default (read committed) when nil.
    /// - Throws: `body`'s error (after a successful rollback), else `PostgresTransactionError`.
    @discardableResult
    public func withTransaction<Result>(
        isolation: PostgresIsolationLevel? = nil, file: String = #fileID, line: Int = #line,
        _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        try withConnection { connection in
            try connection.withTransaction(isolation: isolation, file: file, line: line, body)
        }
    }
}

extension PostgresConnection {
    /// Runs `body` in a transaction on this connection (see `PostgresPool.withTransaction`).
    @discardableResult
    public func withTransaction<Result>(
        isolation: PostgresIsolationLevel? = nil, file: String = #fileID, line: Int = #line,
        _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        do {
            if let isolation {
                try executeScript("BEGIN ISOLATION LEVEL \(unsafeRaw: isolation.sql)")
            } else {
                try executeScript("BEGIN")
            }
        } catch let error as PostgresError {
            throw PostgresTransactionError(file: file, line: line, beginError: error)
        }
        let result: Result
        do {
            result = try body(self)
        } catch {
            do {
                try executeScript("ROLLBACK")
            } catch let rollbackError as PostgresError {
                throw PostgresTransactionError(
                    file: file, line: line, bodyError: error,
                    rollbackError: rollbackError)
            }
            throw error
        }
        do {
            let tag = try commit()
            if tag != "COMMIT" {
                throw PostgresError(
                    kind: .server, code: .inFailedSQLTransaction,
                    message: "COMMIT ended in \(tag): a statement in the transaction failed and was caught")
            }
        } catch let error as PostgresError {
            if isInTransaction { try? executeScript("ROLLBACK") }
            throw PostgresTransactionError(file: file, line: line, commitError: error)
        }
        return result
    }
}
