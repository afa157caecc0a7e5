import Foundation
import SluiceEventLog
import SluiceHTTPCore
import SluiceJSON
import SluiceHTTP
import Testing

@testable import AnnotationCache

/// The dashboard in a real browser (headless Chromium, `SLUICE_CHROMIUM` or `chromium`),
/// driven by Services/AnnotationCache/BrowserTest/dashboard_check.py. Screenshots go to
/// `SLUICE_SCREENSHOT_DIR` (default: the system's temporary directory), never into git.
@Suite struct DashboardBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Services/AnnotationCache/BrowserTest/dashboard_check.py")

    /// Hourly documents for the hours `offsets` before the current hour's end.
    static func documents(hoursBeforeNow offsets: [Int], hostile: Bool = false) -> [JSONValue] {
        let hour: Int64 = 3_600_000_000
        let end = (Timestamp.now().microsecondsSinceEpoch / hour + 1) * hour
        return offsets.flatMap { offset -> [JSONValue] in
            let start = Timestamp(microsecondsSinceEpoch: end - Int64(offset) * hour)
            let stop = Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + hour)
            let countries = hostile && offset == offsets.first ? ["DE", "<img src=x onerror=alert(1)>"] : ["DE", "FR"]
            return countries.enumerated().map { index, country in
                .object(JSONObject(uniqueMembers: [
                    ("analysis", "hourly_views"), ("version", 1), ("windowStart", .string(start.rfc3339)),
                    ("windowEnd", .string(stop.rfc3339)), ("group", .object(JSONObject(uniqueMembers: [("country", .string(country))]))),
                    ("values", .object(JSONObject(uniqueMembers: [
                        ("views", .number(JSONNumber(Int64(100 + offset * 3 - index * 40)))),
                    ]))),
                ]))
            }
        }
    }

    @Test func aPersonSeesTilesChartsAndWaitingWindowsFillInLive() throws {
        try CacheHarness.with(environment: [
            "SLUICE_DASHBOARD_OPEN": "1", "SLUICE_INGEST_URL": CacheHarness.deadAnalytics,
        ]) { harness in
            defer { harness.service.broadcaster.stop() }
            try harness.put(Self.documents(hoursBeforeNow: Array((5...24).reversed()), hostile: true))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let shots = ProcessInfo.processInfo.environment["SLUICE_SCREENSHOT_DIR"] ?? NSTemporaryDirectory()
            process.arguments = ["python3", Self.script.path, harness.baseURL + "/", shots]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            let lines = LineReader(output.fileHandleForReading)

            let first = lines.next(timeout: 60)
            #expect(first == "WAITING", "browser: \(first ?? "no answer")")
            guard first == "WAITING" else { return }
            // Analytics delivers the missing windows and announces them.
            try harness.put(Self.documents(hoursBeforeNow: [4, 3, 2, 1]))
            let completed = try AnalysisCompleted(
                analysis: "hourly_views", version: 1, from: Timestamp.now(), to: Timestamp.now(), windows: 4
            ).cloudEvent(source: "test-analytics", time: Timestamp.now())
            _ = try harness.service.log.append(completed.appendRecord(appendTime: Timestamp.now()), to: AnalysisCompleted.topic)
            input.fileHandleForWriting.write(Data("go\n".utf8))
            let second = lines.next(timeout: 30)
            #expect(second == "DONE", "browser: \(second ?? "no answer")")
            let alert = try AlertRaised(
                check: "null_rate", subject: "page_view.user_id",
                window: TimeWindow(from: Timestamp.now(), to: Timestamp.now()), observed: 0.2, expected: 0.01,
                severity: .critical
            ).cloudEvent(source: "test-analytics", time: Timestamp.now())
            _ = try harness.service.log.append(alert.appendRecord(appendTime: Timestamp.now()), to: AlertRaised.topic)
            input.fileHandleForWriting.write(Data("go\n".utf8))
            let third = lines.next(timeout: 30)
            #expect(third == "ALERT", "browser: \(third ?? "no answer")")
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
    }

    @Test func signInSetsAStrictHttpOnlyCookie() throws {
        try CacheHarness.with { harness in
            let key = try harness.service.authorizer.authenticator.store.create(name: "viewer", scopes: [.read(.any)]).secret.text
            var form = HTTPHeaders()
            form.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            var request = SluiceHTTP.HTTPClientRequest(method: .post, url: harness.baseURL + "/v1/session", headers: form, body: Array("key=\(key)".utf8))
            request.idempotent = false
            let response = try harness.client.execute(request)
            #expect(response.status.code == 303)
            let cookie = response.headers["Set-Cookie"] ?? ""
            #expect(cookie.hasPrefix("sluice_key=\(key);") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let bad = try harness.client.execute(
                SluiceHTTP.HTTPClientRequest(method: .post, url: harness.baseURL + "/v1/session", headers: form, body: Array("key=nope".utf8)))
            #expect(bad.status == .unauthorized)
            let page = try harness.send(.get, "/", key: nil)
            #expect(page.status == .ok)
            #expect(page.headers["Content-Security-Policy"]?.contains("script-src 'self'") == true)
        }
    }
}

/// Reads lines from a process's output with a timeout.
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    func next(timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self) }
            buffer.append(chunk)
        }
        return nil
    }
}
