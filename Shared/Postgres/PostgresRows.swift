/// The rows a query returned, copied out of libpq's result (no libpq memory escapes).
///
/// ```swift
/// for row in rows {
///     let (id, name, at) = try row.decode((Int64, String, Date?).self)
/// }
/// ```
public struct PostgresRows: Sequence, Sendable {
    final class Storage: Sendable {
        let columns: [PostgresColumn]
        let cells: [String?]  // row-major
        let rowCount: Int
        init(columns: [PostgresColumn], cells: [String?], rowCount: Int) {
            self.columns = columns
            self.cells = cells
            self.rowCount = rowCount
        }
    }

    let storage: Storage

    /// The result's columns, in order.
    public var columns: [PostgresColumn] { storage.columns }
    /// How many rows there are.
    public var count: Int { storage.rowCount }
    public var isEmpty: Bool { storage.rowCount == 0 }
    /// The first row, if any.
    public var first: PostgresRow? { isEmpty ? nil : PostgresRow(storage: storage, index: 0) }

    public subscript(index: Int) -> PostgresRow {
        precondition(index >= 0 && index < count, "row index out of range")
        return PostgresRow(storage: storage, index: index)
    }

    public func makeIterator() -> Iterator { Iterator(storage: storage) }

    public struct Iterator: IteratorProtocol {
        let storage: Storage
        var position = 0
        public mutating func next() -> PostgresRow? {
            guard position < storage.rowCount else { return nil }
            defer { position += 1 }
            return PostgresRow(storage: storage, index: position)
        }
    }
}

/// A result column: its name and PostgreSQL type.
public struct PostgresColumn: Hashable, Sendable {
    public var name: String
    public var type: PostgresDataType
}

/// One row of a result. Decode it as a tuple, or column by column by index or name.
public struct PostgresRow: Sendable {
    let storage: PostgresRows.Storage
    let index: Int

    /// How many columns the row has.
    public var count: Int { storage.columns.count }

    /// The raw text of a column (nil for NULL).
    public func text(at column: Int) -> String? { storage.cells[index * storage.columns.count + column] }

    /// Decodes every column, in order, into the tuple's types.
    ///
    /// - Throws: `PostgresDecodingError` naming the column, index, both types and the call
    ///   site when a column does not fit its type or the column count differs.
    public func decode<each T: PostgresDecodable>(
        _ types: (repeat each T).Type, file: String = #fileID, line: Int = #line
    ) throws -> (repeat each T) {
        var expected = 0
        for _ in repeat (each T).self { expected += 1 }
        guard expected == count else {
            throw PostgresDecodingError(
                columnName: "*", columnIndex: -1, swiftType: "\(types)", postgresType: .unspecified,
                reason: "the row has \(count) columns, the tuple \(expected)", file: file, line: line)
        }
        var column = 0
        func next<U: PostgresDecodable>(_ type: U.Type) throws -> U {
            defer { column += 1 }
            return try decode(column: column, as: type, file: file, line: line)
        }
        return (repeat try next((each T).self))
    }

    /// Decodes a one-column row (`row.decode(Int64.self)`).
    public func decode<T: PostgresDecodable>(_ type: T.Type, file: String = #fileID, line: Int = #line) throws -> T {
        guard count == 1 else {
            throw PostgresDecodingError(
                columnName: "*", columnIndex: -1, swiftType: "\(type)", postgresType: .unspecified,
                reason: "the row has \(count) columns, expected 1", file: file, line: line)
        }
        return try decode(column: 0, as: type, file: file, line: line)
    }

    /// Decodes one column by index.
    public func decode<T: PostgresDecodable>(
        column: Int, as type: T.Type, file: String = #fileID, line: Int = #line
    ) throws -> T {
        guard column >= 0, column < count else {
            throw PostgresDecodingError(
                columnName: "?", columnIndex: column, swiftType: "\(type)", postgresType: .unspecified,
                reason: "no such column (the row has \(count))", file: file, line: line)
        }
        let info = storage.columns[column]
        func failure(_ reason: String) -> PostgresDecodingError {
            PostgresDecodingError(
                columnName: info.name, columnIndex: column, swiftType: "\(type)", postgresType: info.type,
                reason: reason, file: file, line: line)
        }
        guard let text = text(at: column) else {
            guard let null = T.postgresNull else { throw failure("unexpected NULL (decode as an Optional)") }
            return null
        }
        do {
            return try T(postgresText: text, type: info.type)
        } catch {
            throw failure(error.reason)
        }
    }

    /// Decodes one column by name (the first column with that name).
    public func decode<T: PostgresDecodable>(
        column name: String, as type: T.Type, file: String = #fileID, line: Int = #line
    ) throws -> T {
        guard let column = storage.columns.firstIndex(where: { $0.name == name }) else {
            throw PostgresDecodingError(
                columnName: name, columnIndex: -1, swiftType: "\(type)", postgresType: .unspecified,
                reason: "no column with this name", file: file, line: line)
        }
        return try decode(column: column, as: type, file: file, line: line)
    }
}
