/// One log event as handed to a `LogHandler`: already filtered by level.
public struct LogRecord: Sendable {
    public var timestampMicros: Int64
    public var level: LogLevel
    public var service: String
    public var message: String
    public var traceID: String?
    /// Structured fields with dotted keys (`request.id`, `db.table`), in insertion order.
    public var metadata: [(key: String, value: String)]
}
