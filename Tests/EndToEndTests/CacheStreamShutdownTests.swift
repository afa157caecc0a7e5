import Foundation
import Glibc
import SluiceHTTP
import Testing

/// SIGTERM with a Server-Sent Events client connected: the stream ends and the cache exits 0.
/// (The kernel gives a process-directed SIGTERM to any thread not blocking it; this test also
/// passed before `BackgroundThread` blocked it in the cache's own threads, because the
/// signal-waiting thread happened to receive it here. Started from a shell, the cache exited
/// 143 before that fix and exits 0 after it.)
@Suite struct CacheStreamShutdownTests {
    @Test func sigtermEndsOpenStreamsAndExitsCleanly() throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        let cache = try CacheRestartTests.start()
        try #require(cache.waitFor("/readyz", client: client) != nil, "never ready: \(cache.log)")
        Thread.sleep(forTimeInterval: 0.5)  // the background threads are running

        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(cache.port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let request = "GET /v1/stream HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer \(CacheRestartTests.adminKey)\r\n\r\n"
        _ = Array(request.utf8).withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains(": connected") {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received.append(contentsOf: chunk[0..<count])
        }
        #expect(String(decoding: received, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))

        #expect(cache.terminate(timeout: 10) == 0)
        // The server closed the stream.
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        #expect(count == 0)
        #expect(cache.log.contains(#""msg":"stopped""#))
    }
}
