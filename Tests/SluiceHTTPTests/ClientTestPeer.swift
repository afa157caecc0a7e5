import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A scripted TCP peer on 127.0.0.1 (port 0) for client tests: every accepted connection
/// runs `script` on its own thread with the connection's index (0 for the first). This is
/// the only file of the test target that calls socket functions.
final class ScriptedPeer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var accepted = 0
    private var received: [String] = []
    private var open: [Int32] = []
    private var stopped = false
    private let group = DispatchGroup()
    private let stopCondition = NSCondition()

    /// - Parameters:
    ///   - accepting: false leaves connections in the kernel's queue forever (with a
    ///     backlog of 0 further connects then hang: a black hole for connect timeouts).
    ///   - script: what to do with each connection.
    init(
        backlog: Int32 = 64, accepting: Bool = true,
        script: @escaping @Sendable (PeerConnection, Int) -> Void = { _, _ in }
    ) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw PeerError.socket }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, backlog) == 0 else { throw PeerError.socket }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        self.port = Int(UInt16(bigEndian: address.sin_port))
        guard accepting else { return }
        group.enter()
        Thread { [self] in
            defer { group.leave() }
            while true {
                let descriptor = accept(listener, nil, nil)
                guard descriptor >= 0 else {
                    if errno == EINTR { continue }
                    return
                }
                let index: Int? = lock.withLock {
                    if stopped { return nil }
                    accepted += 1
                    open.append(descriptor)
                    return accepted - 1
                }
                guard let index else {
                    Glibc.close(descriptor)
                    return
                }
                group.enter()
                Thread { [self] in
                    defer { group.leave() }
                    script(PeerConnection(descriptor: descriptor, peer: self), index)
                }.start()
            }
        }.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }
    /// Connections accepted so far.
    var acceptCount: Int { lock.withLock { accepted } }
    /// Request heads received so far (request line and headers), in arrival order.
    var requests: [String] { lock.withLock { received } }

    fileprivate func record(_ head: String) { lock.withLock { received.append(head) } }

    /// Closes a connection's descriptor now (for a reset), so `stop` must not touch it.
    fileprivate func closeNow(_ descriptor: Int32) {
        lock.withLock {
            open.removeAll { $0 == descriptor }
            Glibc.close(descriptor)
        }
    }

    /// Opens a raw connection from the test (to fill a backlog) and returns a closer.
    func rawConnect() -> () -> Void {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return { Glibc.close(descriptor) }
    }

    /// Blocks the calling script until `stop()` is called.
    fileprivate func waitForStop() {
        stopCondition.lock()
        while !lock.withLock({ stopped }) { stopCondition.wait() }
        stopCondition.unlock()
    }

    /// Stops accepting, wakes every script blocked on a read, waits for them, closes all.
    func stop() {
        let descriptors: [Int32] = lock.withLock {
            stopped = true
            return open
        }
        stopCondition.lock()
        stopCondition.broadcast()
        stopCondition.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        for descriptor in descriptors { shutdown(descriptor, Int32(SHUT_RDWR)) }
        group.wait()
        Glibc.close(listener)
        for descriptor in descriptors { Glibc.close(descriptor) }
    }

    enum PeerError: Error { case socket }
}

/// One accepted connection as seen by a script. Descriptors are closed in
/// `ScriptedPeer.stop`; `close()` only shuts the connection down (a FIN), `reset()` closes
/// it at once with an RST. After either, the script must not use the connection again.
final class PeerConnection: @unchecked Sendable {
    private let descriptor: Int32
    private unowned let peer: ScriptedPeer
    private var buffer: [UInt8] = []

    fileprivate init(descriptor: Int32, peer: ScriptedPeer) {
        self.descriptor = descriptor
        self.peer = peer
    }

    /// Reads one request (head and Content-Length body); nil when the client closed.
    @discardableResult
    func readRequest() -> String? {
        while true {
            if let end = findHeadEnd() {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }.first ?? 0
                while buffer.count < end + length { guard fill() else { return nil } }
                buffer.removeFirst(end + length)
                peer.record(head)
                return head
            }
            guard fill() else { return nil }
        }
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index..<index + 4].elementsEqual([13, 10, 13, 10]) {
            return index + 4
        }
        return nil
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    func write(_ text: String) { write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// Blocks until the client closes the connection or the peer stops.
    func waitForClose() {
        while fill() {}
    }

    /// Blocks without reading anything until the peer stops (the client's writes stall
    /// once the socket buffers are full).
    func holdWithoutReading() { peer.waitForStop() }

    /// Closes the connection from the peer's side (a FIN; the descriptor is released at stop).
    func close() { shutdown(descriptor, Int32(SHUT_RDWR)) }

    /// Closes with a reset (RST) instead of a FIN.
    func reset() {
        var lingering = linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &lingering, socklen_t(MemoryLayout<linger>.size))
        peer.closeNow(descriptor)
    }
}

/// Canned responses.
enum Reply {
    static func ok(_ body: String = "ok", extraHeaders: String = "") -> String {
        "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\(extraHeaders)\r\n\(body)"
    }

    static func status(_ code: Int, _ extraHeaders: String = "") -> String {
        "HTTP/1.1 \(code) Status\r\nContent-Length: 0\r\n\(extraHeaders)\r\n"
    }
}
