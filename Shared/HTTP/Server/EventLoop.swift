#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import SluiceHTTPCore

/// One event loop thread: its own epoll, its own SO_REUSEPORT listener (the kernel spreads
/// new connections over the loops, so no acceptor thread hands sockets around), its
/// connections, and a timer heap whose first deadline is the epoll_wait timeout. Other
/// threads talk to it only through the locked inbox plus an eventfd wake-up: worker
/// completions and the shutdown request.
///
/// Connection tokens pack a slot index (low 32 bits) and the slot's generation (high 32
/// bits); an event whose generation no longer matches is stale and dropped.
final class EventLoop: @unchecked Sendable {
    /// A handler's response, coming back from a worker thread.
    struct Completion: Sendable {
        var token: UInt64
        var response: HTTPResponse
    }

    struct Inbox {
        var completions: [Completion] = []
        var shutdownRequested = false
        /// Streams with bytes to send or finished (`streamReady`).
        var readyStreams: [UInt64] = []
        /// The loop has exited; nothing may wake it any more.
        var closed = false
    }

    static let listenerToken = UInt64.max - 1

    let index: Int
    let core: ServerCore
    let selector: Selector
    var listener: Socket?
    let inbox = Mutex(Inbox())
    let timeouts: HTTPConnectionTimeouts

    // Loop-thread state.
    var slots: [HTTPConnection?] = []
    var generations: [UInt32] = []
    var freeSlots: [Int] = []
    var liveConnections = 0
    var timers = TimerHeap()
    let readBuffer: UnsafeMutableRawBufferPointer
    var serializer = HTTPResponseSerializer()
    /// Requests dispatched by this loop; with the loop index it makes request ids unique
    /// without a shared counter.
    var requestCount: UInt64 = 0
    /// Set while the listener is unwatched after running out of descriptors.
    var listenerResumeAt: UInt64? = nil
    var now: UInt64 = 0
    var unixSeconds: Int64 = 0
    var shuttingDown = false
    var shutdownDeadline: UInt64 = .max
    private var drainedCompletions: [Completion] = []
    private var drainedStreams: [UInt64] = []
    let onListenerClosed: @Sendable () -> Void
    let threadID = Mutex<UInt>(0)

    /// True when called on this loop's thread.
    var isCurrentThread: Bool { threadID.withLock { $0 } == UInt(pthread_self()) }

    init(index: Int, core: ServerCore, listener: Socket, onListenerClosed: @escaping @Sendable () -> Void) throws {
        self.index = index
        self.core = core
        self.listener = listener
        self.selector = try Selector()
        self.timeouts = core.configuration.connectionTimeouts
        self.readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        self.onListenerClosed = onListenerClosed
        try selector.registerListener(listener, token: Self.listenerToken)
    }

    deinit { readBuffer.deallocate() }

    /// Posts a worker's response to the loop (any thread). Dropped if the loop has exited.
    func complete(_ completion: Completion) {
        let accepted = inbox.withLock { inbox in
            guard !inbox.closed else { return false }
            let wasEmpty = inbox.completions.isEmpty && inbox.readyStreams.isEmpty
            inbox.completions.append(completion)
            if wasEmpty { selector.wake() }
            return true
        }
        if !accepted { (completion.response.bodyStream as? ResponseStream)?.connectionClosed() }
    }

    /// Asks the loop to shut down (any thread).
    func requestShutdown() {
        inbox.withLock { inbox in
            guard !inbox.closed else { return }
            inbox.shutdownRequested = true
            selector.wake()
        }
    }

    /// The loop body; returns after shutdown once every connection is closed or the
    /// shutdown deadline passed.
    func run() {
        threadID.withLock { $0 = UInt(pthread_self()) }
        while true {
            let timeout = waitTimeout()
            do {
                try selector.wait(timeoutMilliseconds: timeout) { event in handle(event) }
            } catch {
                // epoll_wait failing is not recoverable for this loop.
                break
            }
            updateClock()
            fireTimers()
            resumeListenerIfDue()
            if shuttingDown && (liveConnections == 0 || now >= shutdownDeadline) { break }
        }
        closeEverything()
    }

    func updateClock() {
        now = Syscall.monotonicNanoseconds()
        unixSeconds = Syscall.unixSeconds()
    }

    private func waitTimeout() -> Int32 {
        updateClock()
        var deadline = timers.first?.deadline ?? .max
        if shuttingDown { deadline = min(deadline, shutdownDeadline) }
        if let resume = listenerResumeAt { deadline = min(deadline, resume) }
        guard deadline != .max else { return -1 }
        guard deadline > now else { return 0 }
        return Int32(min(60_000, (deadline - now + 999_999) / 1_000_000))
    }

    private func handle(_ event: SelectorEvent) {
        switch event.token {
        case Selector.wakeupToken:
            processInbox()
        case Self.listenerToken:
            acceptConnections()
        default:
            guard let connection = connection(for: event.token) else { return }
            if event.readable || event.hangUp { readable(connection, mustDrain: event.hangUp) }
            if event.writable, !connection.isClosed { flush(connection) }
            reschedule(connection)
        }
    }

    private func processInbox() {
        var startShutdown = false
        inbox.withLock { inbox in
            swap(&drainedCompletions, &inbox.completions)
            swap(&drainedStreams, &inbox.readyStreams)
            if inbox.shutdownRequested && !shuttingDown { startShutdown = true }
        }
        updateClock()
        for completion in drainedCompletions {
            guard let connection = connection(for: completion.token) else {
                (completion.response.bodyStream as? ResponseStream)?.connectionClosed()
                continue
            }
            finishHandling(connection, response: completion.response)
        }
        drainedCompletions.removeAll(keepingCapacity: true)
        for token in drainedStreams {
            if let connection = connection(for: token) { pumpStream(connection) }
        }
        drainedStreams.removeAll(keepingCapacity: true)
        if startShutdown { beginShutdown() }
    }

    private func beginShutdown() {
        shuttingDown = true
        shutdownDeadline = now &+ core.configuration.shutdownDeadline.nanoseconds
        if let listener {
            if listenerResumeAt == nil { selector.deregister(listener) }
            try? listener.close()
            self.listener = nil
        }
        listenerResumeAt = nil
        onListenerClosed()
        finishStreams()
        for case let connection? in slots where !connection.isClosed {
            perform(connection.machine.shutdownRequested(), on: connection)
            if !connection.isClosed { flush(connection) }
        }
    }

    private func resumeListenerIfDue() {
        guard let resume = listenerResumeAt, now >= resume else { return }
        listenerResumeAt = nil
        if let listener, !shuttingDown { try? selector.registerListener(listener, token: Self.listenerToken) }
    }

    private func fireTimers() {
        while let entry = timers.first, entry.deadline <= now {
            _ = timers.pop()
            guard let connection = connection(for: entry.token), connection.scheduledDeadline == entry.deadline
            else { continue }
            connection.scheduledDeadline = nil
            if let linger = connection.lingerDeadline, linger <= now {
                close(connection)
                continue
            }
            perform(connection.machine.timerFired(now: now), on: connection)
            if !connection.isClosed { flush(connection) }
            reschedule(connection)
        }
    }

    /// Puts the connection's earliest deadline in the heap if it is not there yet.
    func reschedule(_ connection: HTTPConnection) {
        guard !connection.isClosed else { return }
        var wanted = connection.machine.nextDeadline
        if let linger = connection.lingerDeadline { wanted = min(wanted ?? .max, linger) }
        guard let wanted else { return }
        if let scheduled = connection.scheduledDeadline, scheduled <= wanted { return }
        connection.scheduledDeadline = wanted
        timers.push(TimerHeap.Entry(deadline: wanted, token: connection.token))
    }

    func connection(for token: UInt64) -> HTTPConnection? {
        let slot = Int(token & 0xFFFF_FFFF)
        guard slot < slots.count, let connection = slots[slot], connection.token == token else { return nil }
        return connection
    }

    private func closeEverything() {
        inbox.withLock { $0.closed = true }
        if let listener {
            try? listener.close()
            self.listener = nil
            onListenerClosed()
        }
        for case let connection? in slots where !connection.isClosed { close(connection) }
        selector.close()
    }
}
