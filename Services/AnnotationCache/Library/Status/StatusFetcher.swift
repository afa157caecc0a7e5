import Foundation
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

/// Reads other services' JSON endpoints for the dashboard, each with a one-second deadline, in
/// parallel: a service that does not answer in time is reported as nil (down), never waited for.
public final class StatusFetcher: Sendable {
    private let client: HTTPClient

    public init() {
        client = HTTPClient(configuration: .singleAttempt(within: .seconds(1)))
    }

    /// GETs every URL at once; the JSON of each 2xx answer, nil for the others. Takes about
    /// one second at most. `authorization` is forwarded (the caller's key).
    public func fetchAll(_ urls: [String], authorization: String?) -> [JSONValue?] {
        let results = ResultsBox(count: urls.count)
        let group = DispatchGroup()
        for (index, url) in urls.enumerated() {
            group.enter()
            let thread = Thread { [client] in
                var request = HTTPClientRequest(method: .get, url: url)
                if let authorization { request.headers.add(name: "Authorization", value: authorization) }
                request.deadline = .seconds(1)
                if let response = try? client.execute(request), (200..<300).contains(response.status.code) {
                    results.set(index, try? JSONParser.parse(response.body))
                }
                group.leave()
            }
            thread.start()
        }
        _ = group.wait(timeout: .now() + 1.5)
        return results.values
    }
}

/// Answers written by the fetching threads.
private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [JSONValue?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: JSONValue?) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }
    var values: [JSONValue?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
