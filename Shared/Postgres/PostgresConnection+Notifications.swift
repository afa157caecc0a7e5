import CLibPQ

/// A NOTIFY received on a LISTENing connection.
public struct PostgresNotification: Hashable, Sendable {
    /// The channel it was sent on.
    public var channel: String
    /// The payload (empty when none was given).
    public var payload: String
    /// The process id of the sending backend.
    public var senderProcessID: Int32
}

extension PostgresConnection {
    /// Starts listening on `channel`. Use a dedicated connection (not a pooled one) to listen.
    public func listen(_ channel: PostgresIdentifier) throws {
        try executeScript("LISTEN \(unsafeRaw: channel.quoted)")
    }

    /// Stops listening on `channel`.
    public func unlisten(_ channel: PostgresIdentifier) throws {
        try executeScript("UNLISTEN \(unsafeRaw: channel.quoted)")
    }

    /// Sends a notification (delivered when the current transaction, if any, commits).
    public func notify(_ channel: PostgresIdentifier, payload: String = "") throws {
        try query("SELECT pg_notify(\(channel.description), \(payload))")
    }

    /// Waits up to `timeout` for notifications and returns those that arrived (empty on
    /// timeout). Returns as soon as at least one is available.
    ///
    /// - Throws: `PostgresError` of kind `.connectionUnavailable` if the connection is lost.
    public func waitForNotifications(timeout: Duration) throws -> [PostgresNotification] {
        let handle = try liveHandle()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            guard PQconsumeInput(handle) == 1 else { throw connectionError(fallback: "connection lost") }
            let received = drainNotifications(handle)
            if !received.isEmpty { return received }
            let remaining = clock.now.duration(to: deadline)
            if remaining <= .zero { return [] }
            try PostgresSocketWait.waitReadable(socket: PQsocket(handle), timeout: remaining)
        }
    }

    private func drainNotifications(_ handle: OpaquePointer) -> [PostgresNotification] {
        var received: [PostgresNotification] = []
        while let notify = PQnotifies(handle) {
            received.append(
                PostgresNotification(
                    channel: String(cString: notify.pointee.relname),
                    payload: notify.pointee.extra.map { String(cString: $0) } ?? "",
                    senderProcessID: notify.pointee.be_pid))
            PQfreemem(notify)
        }
        return received
    }

    /// Reads anything the server sent while the connection sat idle, without a round trip.
    /// A server that restarted or closed the connection leaves an EOF (or a FATAL message)
    /// here, so this finds most dead pooled connections for free.
    /// - Returns: False if the connection is now known to be broken.
    func absorbPendingInput() -> Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return false }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return false }
        // A dying server sends a FATAL message and then closes: reading may take two rounds.
        var rounds = 0
        while rounds < 8, PQstatus(handle) == CONNECTION_OK, (try? PostgresSocketWait.isReadable(socket: socket)) == true {
            guard PQconsumeInput(handle) == 1 else { return false }
            rounds += 1
        }
        return PQstatus(handle) == CONNECTION_OK
    }
}
