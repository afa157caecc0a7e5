#if canImport(Glibc)
import Glibc
#endif

/// A resolved socket address, kept as the bytes of a `sockaddr_in`/`sockaddr_in6`.
struct SocketAddress: Sendable, Equatable {
    let family: Int32
    let bytes: [UInt8]
}

/// `getaddrinfo` failed; the code is an EAI_* value, described by `gai_strerror`.
struct AddressResolutionError: Error, CustomStringConvertible, Sendable {
    let code: Int32
    var description: String { "getaddrinfo failed: \(String(cString: gai_strerror(code)))" }
}

/// What to wait for with `Syscall.poll`.
enum PollInterest {
    case readable
    case writable

    var events: Int16 { self == .readable ? Int16(POLLIN) : Int16(POLLOUT) }
}

extension SystemCallError {
    /// The peer actively refused the connection (nothing listens on the port).
    var isConnectionRefused: Bool { errno == ECONNREFUSED }
}

/// The outcome of a non-blocking `connect`.
enum ConnectResult {
    case connected
    case inProgress
}

/// Calls the HTTP client needs: non-blocking sockets, connect, poll, send without
/// SIGPIPE, name resolution, the monotonic clock and sleeping.
extension Syscall {
    /// A non-blocking, close-on-exec TCP socket of the given family.
    static func streamSocket(family: Int32) throws -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        return try socket(domain: family, type: type)
    }

    /// Starts connecting a non-blocking socket. EINPROGRESS is `.inProgress`.
    static func connect(_ descriptor: Int32, to address: SocketAddress) throws -> ConnectResult {
        while true {
            let result = address.bytes.withUnsafeBytes { raw in
                Glibc.connect(
                    descriptor, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
            }
            if result == 0 { return .connected }
            let code = Glibc.errno
            if code == EINTR || code == EINPROGRESS { return .inProgress }  // EINTR: completes asynchronously
            precondition(code != EBADF && code != EFAULT, "connect: EBADF/EFAULT is a bug")
            throw SystemCallError(function: "connect", errno: code)
        }
    }

    /// The pending error of a socket (`SO_ERROR`), 0 if none: how a non-blocking connect ended.
    static func pendingError(_ descriptor: Int32) throws -> Int32 {
        try getOption(descriptor, level: SOL_SOCKET, name: SO_ERROR, initial: Int32(0))
    }

    /// Waits until the descriptor is ready (or in error or hung up) or `timeoutMilliseconds` pass.
    /// - Returns: true when ready; false on timeout or when interrupted by a signal
    ///   (callers re-check their own deadline and wait again).
    static func poll(_ descriptor: Int32, for interest: PollInterest, timeoutMilliseconds: Int32) throws -> Bool {
        var entry = pollfd(fd: descriptor, events: interest.events, revents: 0)
        let result = Glibc.poll(&entry, 1, timeoutMilliseconds)
        if result == -1 {
            let code = Glibc.errno
            if code == EINTR { return false }
            precondition(code != EFAULT, "poll: EFAULT is a bug")
            throw SystemCallError(function: "poll", errno: code)
        }
        return result > 0 && entry.revents != 0
    }

    /// Disables Nagle's algorithm: requests are written whole, so there is nothing to coalesce.
    static func setNoDelay(_ descriptor: Int32) throws {
        try setOption(descriptor, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: Int32(1))
    }

    /// `send` with MSG_NOSIGNAL: a peer that closed gives EPIPE, never SIGPIPE.
    static func send(_ descriptor: Int32, from buffer: UnsafeRawBufferPointer) throws -> IOResult<Int> {
        try nonBlocking("send") { Glibc.send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Resolves a host name or address literal to TCP addresses (IPv4 and IPv6), in the
    /// order the resolver prefers. Blocking: names are resolved by the system resolver.
    static func resolve(host: String, port: Int) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0 else { throw AddressResolutionError(code: code) }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor = list
        while let entry = cursor?.pointee {
            if let address = entry.ai_addr, entry.ai_family == AF_INET || entry.ai_family == AF_INET6 {
                let bytes = Array(UnsafeRawBufferPointer(start: address, count: Int(entry.ai_addrlen)))
                let resolved = SocketAddress(family: entry.ai_family, bytes: bytes)
                if !addresses.contains(resolved) { addresses.append(resolved) }
            }
            cursor = entry.ai_next
        }
        return addresses
    }


    /// Sleeps the calling thread for at least `nanoseconds` (resumes after signals).
    static func sleep(nanoseconds: UInt64) {
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && Glibc.errno == EINTR { request = remaining }
    }
}
