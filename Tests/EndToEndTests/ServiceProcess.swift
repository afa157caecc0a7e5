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

extension ServiceProcess {
    /// A port for a service that must be known before it starts (analytics and the cache
    /// name each other at start-up). Chosen below Linux's ephemeral range (32768-60999), so
    /// no outgoing connection of the busy test run can be holding it, and checked free by
    /// binding it once.
    static func unusedPort() -> Int {
        for _ in 0..<100 {
            let port = Int.random(in: 20_000...32_000)
            if canBind(port) { return port }
        }
        return Int.random(in: 20_000...32_000)
    }

    private static func canBind(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = INADDR_ANY
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
