/// A PostgreSQL SQLSTATE code (five characters), as an extensible struct rather than an enum:
/// the server has hundreds of codes, and callers may name any of them with `init(rawValue:)`.
///
/// ```swift
/// if error.code == .uniqueViolation { ... }
/// ```
public struct PostgresErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE, such as `23505`.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The two-character class of the code (`23` for integrity constraint violations).
    public var errorClass: String { String(rawValue.prefix(2)) }

    /// True for the codes that mean the connection, not the statement, is gone or unusable:
    /// class 08 (connection exception) and the shutdown/startup codes of class 57P.
    public var isConnectionFailure: Bool {
        errorClass == "08" || self == .adminShutdown || self == .crashShutdown || self == .cannotConnectNow
    }

    public var description: String { rawValue }

    // Class 08: connection exception
    public static let connectionException = PostgresErrorCode(rawValue: "08000")
    public static let connectionDoesNotExist = PostgresErrorCode(rawValue: "08003")
    public static let connectionFailure = PostgresErrorCode(rawValue: "08006")
    public static let sqlclientUnableToEstablishSqlconnection = PostgresErrorCode(rawValue: "08001")
    public static let protocolViolation = PostgresErrorCode(rawValue: "08P01")
    // Class 23: integrity constraint violation
    public static let integrityConstraintViolation = PostgresErrorCode(rawValue: "23000")
    public static let notNullViolation = PostgresErrorCode(rawValue: "23502")
    public static let foreignKeyViolation = PostgresErrorCode(rawValue: "23503")
    public static let uniqueViolation = PostgresErrorCode(rawValue: "23505")
    public static let checkViolation = PostgresErrorCode(rawValue: "23514")
    public static let exclusionViolation = PostgresErrorCode(rawValue: "23P01")
    // Class 22: data exception
    public static let invalidTextRepresentation = PostgresErrorCode(rawValue: "22P02")
    public static let numericValueOutOfRange = PostgresErrorCode(rawValue: "22003")
    public static let stringDataRightTruncation = PostgresErrorCode(rawValue: "22001")
    // Class 25: invalid transaction state
    public static let inFailedSQLTransaction = PostgresErrorCode(rawValue: "25P02")
    // Class 40: transaction rollback
    public static let serializationFailure = PostgresErrorCode(rawValue: "40001")
    public static let deadlockDetected = PostgresErrorCode(rawValue: "40P01")
    // Class 42: syntax error or access rule violation
    public static let syntaxError = PostgresErrorCode(rawValue: "42601")
    public static let undefinedTable = PostgresErrorCode(rawValue: "42P01")
    public static let undefinedColumn = PostgresErrorCode(rawValue: "42703")
    public static let duplicateTable = PostgresErrorCode(rawValue: "42P07")
    public static let duplicateDatabase = PostgresErrorCode(rawValue: "42P04")
    // Class 55, 57: object state, operator intervention
    public static let lockNotAvailable = PostgresErrorCode(rawValue: "55P03")
    public static let queryCanceled = PostgresErrorCode(rawValue: "57014")
    public static let adminShutdown = PostgresErrorCode(rawValue: "57P01")
    public static let crashShutdown = PostgresErrorCode(rawValue: "57P02")
    public static let cannotConnectNow = PostgresErrorCode(rawValue: "57P03")
}
