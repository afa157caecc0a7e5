#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one place this module touches a file descriptor: libpq owns its socket (from
/// `PQsocket`), and we only `poll(2)` it to wait for notifications or to see whether the
/// server wrote to an idle connection. EINTR is retried; other errors throw.
enum PostgresSocketWait {
    /// Waits until `socket` is readable or `timeout` passes.
    static func waitReadable(socket: Int32, timeout: Duration) throws {
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        _ = try poll(socket: socket, milliseconds: Int32(clamping: max(1, milliseconds)))
    }

    /// Whether `socket` has data (or EOF) to read right now.
    static func isReadable(socket: Int32) throws -> Bool {
        try poll(socket: socket, milliseconds: 0)
    }

    private static func poll(socket: Int32, milliseconds: Int32) throws -> Bool {
        guard socket >= 0 else {
            throw PostgresError(kind: .connectionUnavailable, code: .connectionDoesNotExist, message: "no socket")
        }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = Glibc.poll(&descriptor, 1, milliseconds)
            if ready >= 0 { return ready > 0 }
            if errno == EINTR { continue }
            throw PostgresError(kind: .unexpectedResponse, message: "poll failed: errno \(errno)")
        }
    }
}
