/// Reads typed settings from environment variables, validating each one. Only `main`
/// reads the process environment (`ProcessInfo.processInfo.environment`); everything else
/// receives a dictionary, so tests pass their own.
public struct EnvironmentReader: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// A set, non-empty value; nil when unset or empty.
    public func raw(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    public func string(_ name: String, default defaultValue: String) -> String { raw(name) ?? defaultValue }

    /// An integer within `range`.
    public func integer(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = raw(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(
                variable: name, value: text, expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A duration in seconds (decimals allowed) within `range`, returned in seconds.
    public func seconds(_ name: String, default defaultValue: Double, range: ClosedRange<Double>) throws -> Double {
        guard let text = raw(name) else { return defaultValue }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw ConfigurationError(
                variable: name, value: text,
                expected: "a number of seconds from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))")
        }
        return value
    }

    /// `1/true/yes/on` or `0/false/no/off`.
    public func flag(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard let text = raw(name) else { return defaultValue }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, value: text, expected: "1, true, yes, on, 0, false, no or off")
        }
    }

    /// One of the given choices (case-sensitive).
    public func choice(_ name: String, default defaultValue: String, among choices: [String]) throws -> String {
        guard let text = raw(name) else { return defaultValue }
        guard choices.contains(text) else {
            throw ConfigurationError(variable: name, value: text, expected: "one of \(choices.joined(separator: ", "))")
        }
        return text
    }

    /// An `http://host:port[/path]` base URL, without a trailing slash.
    public func httpURL(_ name: String, default defaultValue: String) throws -> String {
        let text = raw(name) ?? defaultValue
        guard let url = HTTPBaseURL(text) else {
            throw ConfigurationError(variable: name, value: text, expected: "an http:// URL such as http://127.0.0.1:8081")
        }
        return url.text
    }

    /// A PostgreSQL connection URL (`postgres://` or `postgresql://`). The value is not
    /// echoed in the error, because it may hold a password.
    public func postgresURL(_ name: String, default defaultValue: String) throws -> String {
        let text = raw(name) ?? defaultValue
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"), text.count > "postgres://".count else {
            throw ConfigurationError(
                variable: name, value: "(hidden)", expected: "a postgresql://user@host:port/database URL")
        }
        return text
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// A checked `http://host[:port][/path]` URL.
struct HTTPBaseURL {
    let text: String

    init?(_ text: String) {
        guard text.hasPrefix("http://") else { return nil }
        var rest = text.dropFirst("http://".count)
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        let authority = rest.prefix { $0 != "/" }
        guard !authority.isEmpty else { return nil }
        let hostPort = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard hostPort.count <= 2, !hostPort[0].isEmpty else { return nil }
        guard hostPort[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else { return nil }
        if hostPort.count == 2 {
            guard let port = Int(hostPort[1]), (1...65535).contains(port) else { return nil }
        }
        self.text = "http://" + rest
    }
}
