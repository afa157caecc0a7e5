#if canImport(Glibc)
import Glibc
#endif
import CSluiceSystem

/// What woke a selector for one registration.
struct SelectorEvent {
    /// The registration token given to `register` (slot and generation, see `EventLoop`).
    var token: UInt64
    var readable: Bool
    var writable: Bool
    /// Peer hang-up (also half-close) or error: read until EOF or the error shows.
    var hangUp: Bool
}

/// An epoll instance plus an eventfd to wake it from other threads. Sockets are registered
/// edge-triggered for input and output once, so no `epoll_ctl` is needed per write. Each
/// registration carries a token; the loop drops events whose token no longer matches a
/// live connection (a stale event for a reused descriptor number). The event buffer grows
/// when a wait fills it.
final class Selector {
    private let epoll: Int32
    private let wakeup: Int32
    private var events: UnsafeMutableBufferPointer<epoll_event>
    /// The token of eventfd wake-ups.
    static let wakeupToken = UInt64.max

    init() throws {
        epoll = try Syscall.epollCreate()
        wakeup = try Syscall.eventfd()
        events = .allocate(capacity: 256)
        try Syscall.epollAdd(epoll, wakeup, events: EPOLLIN.rawValue | EPOLLET.rawValue, data: Self.wakeupToken)
    }

    /// Registers a connection socket: input, output, peer hang-up; edge-triggered.
    func registerConnection(_ socket: Socket, token: UInt64) throws {
        let mask = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        try socket.withDescriptor { try Syscall.epollAdd(epoll, $0, events: mask, data: token) }
    }

    /// Registers a listening socket (level-triggered input).
    func registerListener(_ socket: Socket, token: UInt64) throws {
        try socket.withDescriptor { try Syscall.epollAdd(epoll, $0, events: EPOLLIN.rawValue, data: token) }
    }

    func deregister(_ socket: Socket) {
        _ = try? socket.withDescriptor { try Syscall.epollRemove(epoll, $0) }
    }

    /// Wakes the thread blocked in `wait` (safe from any thread).
    func wake() { Syscall.eventfdSignal(wakeup) }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and calls `body` for each event.
    func wait(timeoutMilliseconds: Int32, _ body: (SelectorEvent) -> Void) throws {
        let count = try Syscall.epollWait(epoll, events: events, timeout: timeoutMilliseconds)
        for index in 0..<count {
            let event = events[index]
            let token = event.data.u64
            if token == Self.wakeupToken {
                Syscall.eventfdDrain(wakeup)
                body(SelectorEvent(token: token, readable: true, writable: false, hangUp: false))
                continue
            }
            let flags = event.events
            body(
                SelectorEvent(
                    token: token,
                    readable: flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0,
                    writable: flags & EPOLLOUT.rawValue != 0,
                    hangUp: flags & (EPOLLHUP.rawValue | EPOLLERR.rawValue | EPOLLRDHUP.rawValue) != 0))
        }
        if count == events.count {
            let bigger = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: events.count * 2)
            events.deallocate()
            events = bigger
        }
    }

    func close() {
        _ = try? Syscall.close(epoll)
        _ = try? Syscall.close(wakeup)
    }

    deinit { events.deallocate() }
}
