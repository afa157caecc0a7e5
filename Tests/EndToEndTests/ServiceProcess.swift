import Foundation
import SluiceHTTP
import SluiceHTTPCore

/// A real Sluice executable started as a child process, as the local launcher starts it.
final class ServiceProcess: @unchecked Sendable {
    let name: String
    let process = Process()
    let output = Pipe()
    private let lock = NSLock()
    private var captured = Data()

    /// Where `swift build` put the executables: `SLUICE_BIN_DIR` (set by the test command),
    /// else `.build/debug` of this checkout.
    static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["SLUICE_BIN_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug")
    }

    /// The test database, from the test command. Fails loudly without it: never skips.
    static var databaseURL: String {
        guard let url = ProcessInfo.processInfo.environment["SLUICE_TEST_DATABASE_URL"], !url.isEmpty else {
            fatalError("SLUICE_TEST_DATABASE_URL is not set: run the test suite with `make test`")
        }
        return url
    }

    init(_ name: String, environment: [String: String]) throws {
        self.name = name
        process.executableURL = Self.binDirectory.appendingPathComponent(name)
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock()
            self.captured.append(data)
            self.lock.unlock()
        }
        try process.run()
    }

    var log: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: captured, as: UTF8.self)
    }

    /// The port from the service's "listening" log line (services are started on port 0).
    var port: Int {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            for line in log.split(separator: "\n") where line.contains(#""msg":"listening""#) {
                if let range = line.range(of: #""port":""#) {
                    let digits = line[range.upperBound...].prefix { $0.isNumber }
                    if let port = Int(digits) { return port }
                }
            }
            if !process.isRunning { return 0 }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return 0
    }

    /// Polls `path` until it answers `status` or the deadline passes.
    func waitFor(_ path: String, status: Int = 200, timeout: Double = 20, client: HTTPClient) -> HTTPResponse? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let response = try? client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")),
                response.status.code == status
            {
                return response
            }
            if !process.isRunning { return nil }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate(timeout: Double = 15) -> Int32? {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }
}
