#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Where log records go. Handlers must be safe to call from any thread.
public protocol LogHandler: Sendable {
    func write(_ record: LogRecord)
}

/// Writes one JSON object per line to standard output:
/// `{"time":"...","level":"info","service":"ingest","msg":"...","trace_id":"...", ...metadata}`.
/// Each line is written with one `write(2)` so lines from several threads never interleave.
public struct StdoutJSONLogHandler: LogHandler {
    public init() {}

    public func write(_ record: LogRecord) {
        var line = LogLineEncoder.encode(record)
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // stdout is gone; logging must never take the service down
                }
                offset += written
            }
        }
    }
}

/// Keeps records in memory, for tests that assert on what was logged.
public final class InMemoryLogHandler: LogHandler {
    private let storage = Mutex<[LogRecord]>([])
    public init() {}
    public func write(_ record: LogRecord) { storage.withLock { $0.append(record) } }
    public var records: [LogRecord] { storage.withLock { $0 } }
}
