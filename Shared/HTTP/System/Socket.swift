/// The single owner of one socket descriptor. Code outside `System/` reaches the number
/// only through `withDescriptor`; the socket must be closed explicitly, and `deinit`
/// asserts that it was, so a leaked descriptor shows up in debug builds and tests.
final class Socket {
    private var descriptor: Int32

    init(descriptor: Int32) {
        precondition(descriptor >= 0, "invalid descriptor")
        self.descriptor = descriptor
    }

    var isOpen: Bool { descriptor >= 0 }

    /// Runs `body` with the descriptor; throws if the socket was already closed.
    func withDescriptor<R>(_ body: (Int32) throws -> R) throws -> R {
        guard descriptor >= 0 else { throw SocketClosedError() }
        return try body(descriptor)
    }

    /// Closes the descriptor. Closing twice is a no-op.
    func close() throws {
        guard descriptor >= 0 else { return }
        let fd = descriptor
        descriptor = -1
        try Syscall.close(fd)
    }

    deinit {
        assert(descriptor < 0, "Socket \(descriptor) was not closed before deinit")
    }
}

/// Use of a socket after `close()`.
struct SocketClosedError: Error, CustomStringConvertible {
    var description: String { "socket is closed" }
}
