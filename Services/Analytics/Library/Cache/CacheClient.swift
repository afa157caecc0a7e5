import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

/// Sends annotations to the annotation cache: `PUT {cacheURL}/v1/annotations/{analysis}` with
/// `{"annotations": [...], "emptyWindows": [...], "topic"}`, in batches of at most
/// `batchSize` documents, with the admin key. The shared `HTTPClient` retries (PUT is
/// idempotent: the same batch twice changes nothing) with backoff and jitter, and its circuit
/// breaker stops calling a cache that keeps failing. Throws when the cache did not acknowledge.
public final class CacheClient: Sendable {
    public let cacheURL: String
    public let batchSize: Int
    private let adminKey: String?
    private let client: HTTPClient

    public init(cacheURL: String, adminKey: String?, batchSize: Int = 5000, configuration: HTTPClientConfiguration = CacheClient.defaultConfiguration) {
        self.cacheURL = cacheURL.hasSuffix("/") ? String(cacheURL.dropLast()) : cacheURL
        self.adminKey = adminKey
        self.batchSize = batchSize
        client = HTTPClient(configuration: configuration)
    }

    /// Short timeouts, a few retries: a caller that fails retries the whole step later.
    public static var defaultConfiguration: HTTPClientConfiguration {
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = .seconds(1)
        configuration.readTimeout = .seconds(10)
        configuration.deadline = .seconds(20)
        return configuration
    }

    /// Stores the annotations of `windows` (computed windows of `analysis` at `version`):
    /// documents for the windows that have some, `emptyWindows` for those that have none.
    public func store(
        analysis: String, version: Int, topic: String, size: WindowSize, windowStarts: [Timestamp],
        annotations: [WindowAnnotation], computedAt: Timestamp, traceparent: String? = nil, traces: TraceIndex = TraceIndex()
    ) throws(CacheClientError) {
        let withDocuments = Set(annotations.map(\.windowStart))
        let empty: [JSONValue] = windowStarts.filter { !withDocuments.contains($0) }.map { start in
            [
                "windowStart": .string(start.rfc3339),
                "windowEnd": .string(Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + size.microseconds).rfc3339),
                "version": .number(JSONNumber(version)),
            ]
        }
        let documents = annotations.map {
            $0.document(analysis: analysis, version: version, computedAt: computedAt, traceparents: traces.traceparents(of: $0))
        }
        var index = 0
        repeat {
            let slice = Array(documents[index..<min(documents.count, index + batchSize)])
            var body: JSONObject = ["annotations": .array(slice), "topic": .string(topic)]
            if index == 0 { body["emptyWindows"] = .array(empty) }
            try put(analysis: analysis, body: .object(body), traceparent: traceparent)
            index += batchSize
        } while index < documents.count
    }

    private func put(analysis: String, body: JSONValue, traceparent: String?) throws(CacheClientError) {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let adminKey { headers.add(name: "Authorization", value: "Bearer \(adminKey)") }
        let request = HTTPClientRequest(
            method: .put, url: "\(cacheURL)/v1/annotations/\(Self.pathSegment(analysis))", headers: headers,
            body: JSONSerializer.serialize(body), idempotent: true, traceparent: traceparent)
        let response: HTTPResponse
        do {
            response = try client.execute(request)
        } catch {
            throw .unreachable(String(describing: error))
        }
        guard (200..<300).contains(response.status.code) else {
            throw .refused(status: response.status.code, body: String(decoding: response.body.prefix(500), as: UTF8.self))
        }
    }

    /// Stops the client's idle connections.
    public func shutdown() { client.shutdown() }

    static func pathSegment(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let isSafe = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            result += isSafe ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded
        }
        return result
    }
}

extension String {
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}

/// Why the cache did not take a batch.
public enum CacheClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No answer (connection refused, timeout, circuit open).
    case unreachable(String)
    /// An answer that is not 2xx.
    case refused(status: Int, body: String)

    public var description: String {
        switch self {
        case .unreachable(let reason): "the annotation cache is unreachable: \(reason)"
        case .refused(let status, let body): "the annotation cache answered \(status): \(body)"
        }
    }
}
