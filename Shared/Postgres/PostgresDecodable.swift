/// A Swift value that can be read from a result column (PostgreSQL's text format).
///
/// `init(postgresText:type:)` throws `PostgresDecodingFailure` with a short reason; the row
/// decoder adds the column, index, types and call site.
public protocol PostgresDecodable {
    /// Parses a non-NULL value of column type `type`.
    init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure)
    /// The value for SQL NULL, or nil when the type cannot represent NULL (the default).
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) {
        self = .some(try Wrapped(postgresText: text, type: type))
    }
    public static var postgresNull: Self? { .some(.none) }
}

/// Why a single value could not be decoded (before the row decoder adds context).
public struct PostgresDecodingFailure: Error, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// A column could not be decoded into the requested Swift type.
///
/// Names the column, its index, both types and the caller's file and line. The value
/// itself is not included (it may be sensitive).
public struct PostgresDecodingError: Error, Sendable, CustomStringConvertible {
    public var columnName: String
    public var columnIndex: Int
    public var swiftType: String
    public var postgresType: PostgresDataType
    public var reason: String
    public var file: String
    public var line: Int

    public var description: String {
        "cannot decode column \"\(columnName)\" (index \(columnIndex), postgres type \(postgresType), "
            + "oid \(postgresType.rawValue)) as \(swiftType): \(reason) at \(file):\(line)"
    }
}
