/// A Swift value that can be sent to PostgreSQL as a bound parameter or a COPY field.
///
/// Values travel in PostgreSQL's text format (the format `COPY ... FROM STDIN` also uses),
/// with an explicit type OID so the server never guesses. Conformances: `Int`, `Int32`,
/// `Int64`, `Bool`, `Double`, `String`, `[UInt8]` (bytea), `Date` (timestamptz, microseconds),
/// `UUID`, `PostgresJSONB`, `[String]`, `[Int64]`, and `Optional` of any of them (NULL).
public protocol PostgresEncodable {
    /// The type OID sent with the parameter.
    static var postgresType: PostgresDataType { get }
    /// The value in PostgreSQL's text format, or nil for SQL NULL.
    var postgresText: String? { get }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresDataType { Wrapped.postgresType }
    public var postgresText: String? {
        switch self {
        case .none: nil
        case .some(let wrapped): wrapped.postgresText
        }
    }
}
