#if canImport(Glibc)
import Glibc
#endif
import CSluiceSystem

/// Listening and accepting TCP sockets (IPv4).
extension Syscall {
    /// A non-blocking IPv4 TCP socket.
    static func tcpSocket() throws -> Int32 {
        try socket(domain: AF_INET, type: Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
    }

    /// Parses a dotted IPv4 host ("0.0.0.0", "127.0.0.1"; "localhost" is 127.0.0.1).
    static func ipv4Address(host: String, port: Int) -> sockaddr_in? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        let text = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, text, &address.sin_addr) == 1 else { return nil }
        return address
    }

    static func bind(_ descriptor: Int32, address: sockaddr_in) throws {
        var address = address
        _ = try retrying("bind") {
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    static func listen(_ descriptor: Int32, backlog: Int32) throws {
        _ = try retrying("listen") { Glibc.listen(descriptor, backlog) }
    }

    /// The local port a socket is bound to.
    static func localPort(_ descriptor: Int32) throws -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = try retrying("getsockname") {
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.getsockname(descriptor, $0, &length) }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts one connection as a non-blocking socket, with the peer's "address:port".
    /// Returns `.wouldBlock` when the backlog is empty. Errors that concern only the
    /// aborted connection (ECONNABORTED, EPROTO) also read as `.wouldBlock`-free retries.
    static func accept(_ descriptor: Int32) throws -> IOResult<(descriptor: Int32, peer: String)> {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        while true {
            let result = try nonBlocking("accept4") {
                withUnsafeMutablePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        csluice_accept4(descriptor, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                    }
                }
            }
            switch result {
            case .wouldBlock: return .wouldBlock
            case .processed(let accepted): return .processed((accepted, peerDescription(address)))
            }
        }
    }

    static func peerDescription(_ address: sockaddr_in) -> String {
        var address = address
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        _ = inet_ntop(AF_INET, &address.sin_addr, &buffer, socklen_t(buffer.count))
        let host = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return "\(host):\(UInt16(bigEndian: address.sin_port))"
    }

    /// Raises the soft open-file limit to the hard limit; returns the new soft limit.
    static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }

    /// Monotonic time in nanoseconds.
    static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Wall-clock seconds since 1970 (for the Date header).
    static func unixSeconds() -> Int64 {
        Int64(Glibc.time(nil))
    }
}
