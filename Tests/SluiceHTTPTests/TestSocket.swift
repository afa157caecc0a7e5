import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client for tests: raw bytes in, raw bytes out. The only file in this
/// target that calls libc for sockets.
final class TestSocket {
    private var descriptor: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; throws when refused.
    init(port: Int, receiveTimeoutSeconds: Int = 10) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSocketError.failed("socket", errno) }
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            let code = errno
            Glibc.close(descriptor)
            descriptor = -1
            throw TestSocketError.failed("connect", code)
        }
    }

    deinit { close() }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Half-closes: the server sees end of input, we can still read.
    func finishSending() { Glibc.shutdown(descriptor, Int32(SHUT_WR)) }

    /// Sends everything (throws on error, e.g. a reset connection).
    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw TestSocketError.failed("send", errno) }
            offset += sent
        }
    }

    /// Reads more bytes into the buffer; false on EOF, timeout or error.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Reads one response (head, then a Content-Length body unless `headRequest`).
    /// Returns nil if the connection closed or timed out first.
    func readResponse(headRequest: Bool = false) -> TestResponse? {
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[0..<end - 4], as: UTF8.self)
                let lines = head.components(separatedBy: "\r\n")
                let status = Int(lines[0].split(separator: " ")[1]) ?? 0
                var headers: [(String, String)] = []
                for line in lines.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers.append((String(line[..<colon]).lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                }
                let length = headRequest || status < 200 ? 0 : Int(headers.first { $0.0 == "content-length" }?.1 ?? "0") ?? 0
                while buffer.count < end + length { guard fill() else { return nil } }
                let body = Array(buffer[end..<end + length])
                buffer.removeFirst(end + length)
                return TestResponse(status: status, headers: headers, body: body)
            }
            guard fill() else { return nil }
        }
    }

    /// True when the server closed the connection (EOF or reset) with nothing more to read.
    func readsEndOfStream() -> Bool {
        if !buffer.isEmpty { return false }
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, 0)
        if count == 0 { return true }
        if count < 0 { return errno == ECONNRESET }
        buffer.append(byte)
        return false
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4)
        where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i + 4
        }
        return nil
    }
}

struct TestResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    func header(_ name: String) -> String? { headers.first { $0.0 == name.lowercased() }?.1 }
    var text: String { String(decoding: body, as: UTF8.self) }
}

enum TestSocketError: Error {
    case failed(String, Int32)
}

/// Raises the open-file soft limit to the hard limit (the slow-client test needs ~1000).
func raiseOpenFileLimit() {
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    limit.rlim_cur = limit.rlim_max
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

func sleepMilliseconds(_ milliseconds: Int) { usleep(UInt32(milliseconds * 1000)) }

func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Sends SIGTERM to one thread only (never to the whole test process).
func sendTerminationSignal(to thread: pthread_t) { pthread_kill(thread, SIGTERM) }
let terminationSignal = SIGTERM
