import Foundation
import Glibc
import SluiceHTTP
import SluiceHTTPCore
import Synchronization
import Testing

/// Streamed responses (`ResponseStream`) over real sockets.
@Suite struct ResponseStreamTests {
    /// Streams handed out by the route, for the test to write to.
    final class Streams: Sendable {
        let list = Mutex<[ResponseStream]>([])
        let closed = Atomic<Int>(0)

        func router() -> Router {
            var router = testRouter()
            router.get("/stream") { [self] _, _ in
                let stream = ResponseStream(maxPendingBytes: 64 * 1024)
                stream.write(Array("first\n".utf8))
                stream.onClose { [self] in closed.add(1, ordering: .relaxed) }
                list.withLock { $0.append(stream) }
                return .streaming(stream, head: HTTPResponse(headers: ["Content-Type": "text/event-stream"]))
            }
            return router
        }

        func waitForStream(count: Int = 1) -> ResponseStream? {
            for _ in 0..<500 {
                if let stream = list.withLock({ $0.count >= count ? $0[count - 1] : nil }) { return stream }
                sleepMilliseconds(10)
            }
            return nil
        }

        func waitForClosed(_ count: Int) -> Bool {
            for _ in 0..<500 {
                if closed.load(ordering: .relaxed) >= count { return true }
                sleepMilliseconds(10)
            }
            return false
        }
    }

    /// Reads raw bytes until `marker` appears (or EOF / timeout); returns everything read.
    static func read(_ descriptor: Int32, until marker: String) -> String {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains(marker) {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: received, as: UTF8.self)
    }

    static func connect(port: Int) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return descriptor
    }

    static func send(_ descriptor: Int32, _ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    @Test func writesArriveInOrderAfterTheHeadAndFinishClosesTheConnection() throws {
        let streams = Streams()
        let server = try startServer(streams.router())
        defer { stop(server) }
        let descriptor = Self.connect(port: server.port)
        defer { close(descriptor) }
        Self.send(descriptor, get("/stream"))
        let head = Self.read(descriptor, until: "first\n")
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(head.contains("Content-Type: text/event-stream\r\n"))
        #expect(head.contains("Connection: close\r\n"))
        #expect(!head.lowercased().contains("content-length"))
        let stream = try #require(streams.waitForStream())
        let writer = Thread {
            for index in 0..<100 { stream.write(Array("line \(index)\n".utf8)) }
            stream.finish()
        }
        writer.start()
        let body = Self.read(descriptor, until: "line 99\n")
        #expect(body == (0..<100).map { "line \($0)\n" }.joined())
        // After finish: EOF.
        #expect(Self.read(descriptor, until: "never").isEmpty)
        #expect(streams.waitForClosed(1))
        #expect(!stream.write(Array("late".utf8)))
    }

    @Test func aClientThatDisconnectsClosesTheStream() throws {
        let streams = Streams()
        let server = try startServer(streams.router())
        defer { stop(server) }
        let descriptor = Self.connect(port: server.port)
        Self.send(descriptor, get("/stream"))
        _ = Self.read(descriptor, until: "first\n")
        let stream = try #require(streams.waitForStream())
        close(descriptor)
        #expect(streams.waitForClosed(1))
        #expect(stream.isClosed)
        #expect(!stream.write(Array("to nobody".utf8)))
        // The server still answers other requests.
        let other = Self.connect(port: server.port)
        defer { close(other) }
        Self.send(other, get("/healthz"))
        #expect(Self.read(other, until: "ok").hasSuffix("ok"))
    }

    @Test func shutdownEndsOpenStreamsPromptly() throws {
        let streams = Streams()
        let server = try startServer(streams.router())
        let descriptor = Self.connect(port: server.port)
        defer { close(descriptor) }
        Self.send(descriptor, get("/stream"))
        _ = Self.read(descriptor, until: "first\n")
        let stream = try #require(streams.waitForStream())
        stream.write(Array("before shutdown\n".utf8))
        let started = ContinuousClock.now
        stop(server)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(streams.waitForClosed(1))
        #expect(Self.read(descriptor, until: "never").contains("before shutdown\n"))
    }

    @Test func aClientTooSlowToReadIsDisconnected() throws {
        let streams = Streams()
        let server = try startServer(streams.router())
        defer { stop(server) }
        let descriptor = Self.connect(port: server.port)
        defer { close(descriptor) }
        Self.send(descriptor, get("/stream"))
        let stream = try #require(streams.waitForStream())
        // The client never reads: the kernel buffers fill, then the stream's bound is hit.
        let chunk = [UInt8](repeating: 65, count: 16 * 1024)
        var accepted = 0
        while stream.write(chunk), accepted < 100_000 { accepted += 1 }
        #expect(accepted < 100_000)
        #expect(streams.waitForClosed(1))
    }
}
