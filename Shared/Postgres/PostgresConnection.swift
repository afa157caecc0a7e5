import CLibPQ
import Foundation

/// One PostgreSQL connection over libpq. All libpq calls live in this type and its
/// extensions; nothing outside this module sees a `PGconn` or `PGresult`.
///
/// Synchronous and blocking: use it from one thread at a time (worker threads, never an
/// event loop). Usually borrowed from a `PostgresPool`; connect directly for a dedicated
/// LISTEN connection.
///
/// Every connection sets `TimeZone=UTC`, `DateStyle=ISO`, `client_encoding=UTF8`,
/// `extra_float_digits=3` and `bytea_output=hex`, which the text decoders rely on.
public final class PostgresConnection {
    /// The libpq handle; nil once closed.
    var handle: OpaquePointer?

    private init(handle: OpaquePointer) { self.handle = handle }

    deinit { close() }

    /// Opens a connection.
    ///
    /// - Parameters:
    ///   - url: A libpq connection URI, e.g. `postgresql://user@127.0.0.1:5432/sluice`.
    ///   - connectTimeout: How long to wait for the server (rounded up to whole seconds, at least 2: libpq's rule).
    /// - Throws: `PostgresError` of kind `.connectionUnavailable`.
    public static func connect(url: String, connectTimeout: Duration = .seconds(5)) throws -> PostgresConnection {
        let seconds = max(2, Int((Double(connectTimeout.components.seconds)
            + Double(connectTimeout.components.attoseconds) / 1e18).rounded(.up)))
        let settings: [(String, String)] = [
            ("dbname", url),
            ("connect_timeout", String(seconds)),
            ("client_encoding", "UTF8"),
            ("options", "-c TimeZone=UTC -c DateStyle=ISO,MDY -c extra_float_digits=3 -c bytea_output=hex"),
        ]
        let keywords = settings.map { strdup($0.0) }
        let values = settings.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        guard let handle = PQconnectdbParams(keywordPointers, valuePointers, 1) else {
            throw PostgresError(kind: .connectionUnavailable, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgresError(kind: .connectionUnavailable, code: .sqlclientUnableToEstablishSqlconnection, message: message)
        }
        // Server notices (e.g. "schema already exists, skipping") are not errors; drop them
        // instead of letting libpq print them on stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        return PostgresConnection(handle: handle)
    }

    /// Closes the connection (idempotent).
    public func close() {
        if let handle {
            PQfinish(handle)
            self.handle = nil
        }
    }

    /// False once closed or once libpq has seen the connection fail.
    public var isUsable: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// True when a transaction is open (or aborted and awaiting ROLLBACK).
    public var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Runs a statement and returns its rows.
    ///
    /// - Throws: `PostgresError` (`.server` with the SQLSTATE, or `.connectionUnavailable`).
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        let result = try execParams(query)
        defer { PQclear(result) }
        return Self.rows(of: result)
    }

    /// Runs a statement and returns the number of rows it affected (0 when not applicable).
    @discardableResult
    public func execute(_ query: PostgresQuery) throws -> Int {
        let result = try execParams(query)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Runs a parameterless script that may hold several statements (simple query
    /// protocol), as migrations need. Interpolated values are refused here.
    public func executeScript(_ script: PostgresQuery) throws {
        guard script.bindings.count == 0 else {
            throw PostgresError(kind: .invalidArgument, message: "a script cannot have bound parameters")
        }
        let handle = try liveHandle()
        let result = PQexec(handle, script.sql)
        try check(result, accepting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY])
        PQclear(result)
    }

    // MARK: - Internals

    /// Sends COMMIT and returns the command tag: `COMMIT`, or `ROLLBACK` when the
    /// transaction had already failed.
    func commit() throws -> String {
        let handle = try liveHandle()
        let result = PQexec(handle, "COMMIT")
        try check(result, accepting: [PGRES_COMMAND_OK])
        defer { PQclear(result) }
        return String(cString: PQcmdStatus(result))
    }

    func liveHandle() throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(kind: .connectionUnavailable, code: .connectionDoesNotExist, message: "connection is closed")
        }
        return handle
    }

    private func execParams(_ query: PostgresQuery) throws -> OpaquePointer {
        let handle = try liveHandle()
        let parameters = query.bindings.parameters
        let types = parameters.map { Oid($0.type.rawValue) }
        let values = parameters.map { $0.text.map { strdup($0) } ?? nil }
        defer { values.forEach { free($0) } }
        let valuePointers = values.map { UnsafePointer($0) }
        let result = PQexecParams(handle, query.sql, Int32(parameters.count), types, valuePointers, nil, nil, 0)
        try check(result, accepting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK])
        return result!
    }

    /// Throws (and clears the result) unless `result` has one of the accepted statuses.
    func check(_ result: OpaquePointer?, accepting accepted: [ExecStatusType]) throws {
        guard let result else { throw connectionError(fallback: "no result from libpq") }
        let status = PQresultStatus(result)
        if accepted.contains(status) { return }
        defer { PQclear(result) }
        if status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR {
            throw error(from: result)
        }
        throw PostgresError(
            kind: .unexpectedResponse,
            message: "unexpected result status \(String(cString: PQresStatus(status)))")
    }

    func error(from result: OpaquePointer) -> PostgresError {
        func field(_ code: Unicode.Scalar) -> String? {
            guard let value = PQresultErrorField(result, Int32(UInt8(ascii: code))) else { return nil }
            return String(cString: value)
        }
        let code = field("C").map(PostgresErrorCode.init(rawValue:))
        let lost = handle.map { PQstatus($0) != CONNECTION_OK } ?? true
        let kind: PostgresError.Kind = (lost || code?.isConnectionFailure == true) ? .connectionUnavailable : .server
        let message = field("M") ?? Self.trimmed(PQresultErrorMessage(result))
        return PostgresError(
            kind: kind, code: code ?? (lost ? .connectionFailure : nil), message: message, detail: field("D"),
            hint: field("H"), constraintName: field("n"))
    }

    func connectionError(fallback: String) -> PostgresError {
        let message = handle.map { Self.trimmed(PQerrorMessage($0)) } ?? fallback
        let lost = handle.map { PQstatus($0) != CONNECTION_OK } ?? true
        return PostgresError(
            kind: lost ? .connectionUnavailable : .unexpectedResponse, code: lost ? .connectionFailure : nil,
            message: message.isEmpty ? fallback : message)
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func rows(of result: OpaquePointer) -> PostgresRows {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { column in
            PostgresColumn(
                name: String(cString: PQfname(result, Int32(column))),
                type: PostgresDataType(rawValue: UInt32(PQftype(result, Int32(column)))))
        }
        var cells: [String?] = []
        cells.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    cells.append(nil)
                } else {
                    let length = Int(PQgetlength(result, row, column))
                    let bytes = UnsafeRawPointer(PQgetvalue(result, row, column)!)
                    cells.append(String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self))
                }
            }
        }
        return PostgresRows(storage: .init(columns: columns, cells: cells, rowCount: rowCount))
    }
}
