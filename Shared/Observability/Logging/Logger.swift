/// A value-type logger in swift-log's style: a level filter, a service name, an optional
/// trace id and structured metadata, over a `LogHandler`. Messages are autoclosures, so a
/// filtered-out line costs nothing to build. Copy it and add metadata to scope it
/// (`var log = logger; log[metadataKey: "request.id"] = id`).
public struct Logger: Sendable {
    public var service: String
    public var level: LogLevel
    public var traceID: String?
    public private(set) var metadata: [(key: String, value: String)] = []
    private let handler: any LogHandler

    public init(service: String, level: LogLevel = .info, handler: any LogHandler = StdoutJSONLogHandler()) {
        self.service = service
        self.level = level
        self.handler = handler
    }

    /// Reads or sets one metadata field; setting nil removes it.
    public subscript(metadataKey key: String) -> String? {
        get { metadata.first { $0.key == key }?.value }
        set {
            metadata.removeAll { $0.key == key }
            if let newValue { metadata.append((key: key, value: newValue)) }
        }
    }

    /// A copy with the given trace id (nil clears it).
    public func with(traceID: String?) -> Logger {
        var copy = self
        copy.traceID = traceID
        return copy
    }

    public func log(
        _ level: LogLevel, _ message: @autoclosure () -> String, _ extra: @autoclosure () -> [(String, String)] = []
    ) {
        guard level >= self.level else { return }
        var fields = metadata
        for (key, value) in extra() { fields.append((key: key, value: value)) }
        handler.write(
            LogRecord(
                timestampMicros: ISO8601Micros.nowMicros(), level: level, service: service, message: message(),
                traceID: traceID, metadata: fields))
    }

    public func debug(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> [(String, String)] = []) {
        log(.debug, message(), extra())
    }
    public func info(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> [(String, String)] = []) {
        log(.info, message(), extra())
    }
    public func warning(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> [(String, String)] = []) {
        log(.warning, message(), extra())
    }
    public func error(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> [(String, String)] = []) {
        log(.error, message(), extra())
    }
}
