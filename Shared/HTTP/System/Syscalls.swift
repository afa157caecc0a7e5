#if canImport(Glibc)
import Glibc
#endif
import CSluiceSystem

/// The outcome of a call on a non-blocking descriptor: done, or it would have blocked.
enum IOResult<Value> {
    case processed(Value)
    case wouldBlock
}

/// A failed system call: the function's name and errno. The description names both and
/// nothing else, so it is safe to log.
public struct SystemCallError: Error, CustomStringConvertible, Sendable {
    public let function: String
    public let errno: Int32
    public var description: String { "\(function) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// The one place where the HTTP module calls libc for descriptors, sockets and epoll.
/// Every call retries EINTR, traps on EBADF and EFAULT (those are our bugs, not the
/// world's), and throws `SystemCallError` for everything else. Calls on non-blocking
/// descriptors report EAGAIN/EWOULDBLOCK as `.wouldBlock` instead of throwing.
/// Extensions of this enum live in `Syscalls+*.swift` next to this file.
enum Syscall {
    /// Runs `body` until it does not fail with EINTR; throws on any other failure.
    @inline(__always)
    static func retrying<T: FixedWidthInteger>(_ function: StaticString, _ body: () -> T) throws -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            precondition(code != EBADF && code != EFAULT, "\(function): \(code == EBADF ? "EBADF" : "EFAULT") is a bug")
            throw SystemCallError(function: "\(function)", errno: code)
        }
    }

    /// Like `retrying`, but EAGAIN/EWOULDBLOCK become `.wouldBlock`.
    @inline(__always)
    static func nonBlocking<T: FixedWidthInteger>(_ function: StaticString, _ body: () -> T) throws -> IOResult<T> {
        while true {
            let result = body()
            if result != -1 { return .processed(result) }
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            precondition(code != EBADF && code != EFAULT, "\(function): \(code == EBADF ? "EBADF" : "EFAULT") is a bug")
            throw SystemCallError(function: "\(function)", errno: code)
        }
    }

    static func socket(domain: Int32, type: Int32, protocol: Int32 = 0) throws -> Int32 {
        try retrying("socket") { Glibc.socket(domain, type, `protocol`) }
    }

    static func setOption<Value: BitwiseCopyable>(_ descriptor: Int32, level: Int32, name: Int32, value: Value) throws {
        var value = value
        _ = try retrying("setsockopt") {
            Glibc.setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Value>.size))
        }
    }

    static func getOption<Value: BitwiseCopyable>(_ descriptor: Int32, level: Int32, name: Int32, initial: Value) throws -> Value {
        var value = initial
        var length = socklen_t(MemoryLayout<Value>.size)
        _ = try retrying("getsockopt") { Glibc.getsockopt(descriptor, level, name, &value, &length) }
        return value
    }

    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> IOResult<Int> {
        try nonBlocking("read") { Glibc.read(descriptor, buffer.baseAddress, buffer.count) }
    }

    static func write(_ descriptor: Int32, from buffer: UnsafeRawBufferPointer) throws -> IOResult<Int> {
        try nonBlocking("write") { Glibc.write(descriptor, buffer.baseAddress, buffer.count) }
    }

    static func shutdown(_ descriptor: Int32, how: Int32) throws {
        _ = try retrying("shutdown") { Glibc.shutdown(descriptor, how) }
    }

    /// Closes a descriptor. EINTR is not retried: on Linux the descriptor is gone anyway.
    static func close(_ descriptor: Int32) throws {
        let result = Glibc.close(descriptor)
        if result == -1 {
            let code = Glibc.errno
            precondition(code != EBADF, "close: EBADF is a bug")
            if code == EINTR { return }
            throw SystemCallError(function: "close", errno: code)
        }
    }
}
