import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import Synchronization

/// A real HTTP server (SluiceHTTP's) that receives alert webhooks: it answers the first `failing` POSTs
/// with 503 (so the sender's retries are exercised) and every later one with 204, and keeps
/// every body it was sent, failed or not.
public final class WebhookReceiver: Sendable {
    public let server: HTTPServer
    private let attempts = Attempts()

    private final class Attempts: Sendable {
        let bodies = Mutex<[JSONValue]>([])
    }

    public init(failing: Int = 0) throws {
        var router = Router()
        let attempts = attempts
        router.post("/hook") { request, _ in
            let count = attempts.bodies.withLock { list in
                list.append((try? JSONParser.parse(request.body)) ?? .null)
                return list.count
            }
            return HTTPResponse(status: count <= failing ? .serviceUnavailable : .noContent)
        }
        server = HTTPServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 1, workerThreadCount: 2),
            responder: router)
        try server.start()
    }

    /// `SLUICE_ALERT_WEBHOOK_URL` for Analytics.
    public var url: String { "http://127.0.0.1:\(server.port)/hook" }

    /// Every POST received so far (its body), in order.
    public var received: [JSONValue] { attempts.bodies.withLock { $0 } }

    public func stop() {
        server.shutdown()
        server.wait()
    }
}
