#if canImport(Glibc)
import Glibc
#endif
import CSluiceSystem

/// epoll and eventfd.
extension Syscall {
    static func epollCreate() throws -> Int32 {
        try retrying("epoll_create1") { csluice_epoll_create1(Int32(EPOLL_CLOEXEC)) }
    }

    /// Registers `descriptor` with `events`, tagging its events with `data`.
    static func epollAdd(_ epoll: Int32, _ descriptor: Int32, events: UInt32, data: UInt64) throws {
        var event = epoll_event()
        event.events = events
        event.data.u64 = data
        _ = try retrying("epoll_ctl") { csluice_epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event) }
    }

    static func epollRemove(_ epoll: Int32, _ descriptor: Int32) throws {
        var event = epoll_event()
        _ = try retrying("epoll_ctl") { csluice_epoll_ctl(epoll, EPOLL_CTL_DEL, descriptor, &event) }
    }

    /// Waits for events; `timeout` in milliseconds, -1 forever. Returns the event count.
    static func epollWait(_ epoll: Int32, events: UnsafeMutableBufferPointer<epoll_event>, timeout: Int32) throws -> Int {
        Int(try retrying("epoll_wait") { csluice_epoll_wait(epoll, events.baseAddress, Int32(events.count), timeout) })
    }

    static func eventfd() throws -> Int32 {
        try retrying("eventfd") { csluice_eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
    }

    /// Adds one to an eventfd counter (wakes its epoll).
    static func eventfdSignal(_ descriptor: Int32) {
        var one: UInt64 = 1
        _ = Glibc.write(descriptor, &one, 8)
    }

    /// Resets an eventfd counter.
    static func eventfdDrain(_ descriptor: Int32) {
        var value: UInt64 = 0
        _ = Glibc.read(descriptor, &value, 8)
    }
}
