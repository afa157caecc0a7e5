import SluiceEventLog
import SluiceJSON

/// The Server-Sent Events wire format (WHATWG HTML, "Server-sent events").
enum ServerSentEvent {
    /// One event: `id`, `event` and the data on one line (our JSON has no raw newlines).
    static func encode(id: String, event: String, data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + id.utf8.count + event.utf8.count + 24)
        out.append(contentsOf: "id: ".utf8)
        out.append(contentsOf: id.utf8)
        out.append(contentsOf: "\nevent: ".utf8)
        out.append(contentsOf: event.utf8.filter { $0 != 10 && $0 != 13 })
        out.append(contentsOf: "\ndata: ".utf8)
        out.append(contentsOf: data)
        out.append(contentsOf: "\n\n".utf8)
        return out
    }

    /// The first bytes of every stream: the reconnection delay and a comment.
    static let preamble: [UInt8] = Array("retry: 2000\n: connected\n\n".utf8)
    /// Sent when nothing happened for a while, so proxies keep the connection and dead clients are noticed.
    static let heartbeat: [UInt8] = Array(": keep-alive\n\n".utf8)
}
