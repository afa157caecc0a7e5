import Foundation
import Glibc

/// A raw-socket Server-Sent Events reader for tests: sends the request, then parses events.
/// `readTimeout` bounds each wait for data (end-to-end tests give the pipeline longer).
public final class SSEClient {
    public struct Event: Equatable, Sendable {
        public var id: String
        public var type: String
        public var data: String
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    public private(set) var head = ""

    public init(port: Int, path: String = "/v1/stream", headers: [String: String] = [:], readTimeout: Int = 5) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var request = "GET \(path) HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        _ = Array(request.utf8).withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard let end = readUntil([13, 10, 13, 10]) else { return }
        head = String(decoding: buffer[0..<end], as: UTF8.self)
        buffer.removeFirst(end)
    }

    deinit { close(descriptor) }

    public var status: Int { Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0 }

    /// The next event (comments and `retry` skipped); nil on EOF or after `readTimeout` seconds without data.
    public func next() -> Event? {
        while let end = readUntil([10, 10]) {
            let block = String(decoding: buffer[0..<end], as: UTF8.self)
            buffer.removeFirst(end)
            var event = Event(id: "", type: "", data: "")
            var isEvent = false
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { event.id = String(line.dropFirst(4)); isEvent = true }
                if line.hasPrefix("event: ") { event.type = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { event.data = String(line.dropFirst(6)) }
            }
            if isEvent { return event }
        }
        return nil
    }

    /// Reads until `marker` is in the buffer; the index after it.
    private func readUntil(_ marker: [UInt8]) -> Int? {
        while true {
            if buffer.count >= marker.count {
                for start in 0...(buffer.count - marker.count) where Array(buffer[start..<start + marker.count]) == marker {
                    return start + marker.count
                }
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }
}
