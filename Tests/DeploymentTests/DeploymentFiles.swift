import Foundation

/// Reads the repository's deployment files as text. We write these files ourselves, in a
/// plain style (one `KEY: value` per line), so line patterns are enough to check them
/// without a YAML library.
enum DeploymentFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Upper-case keys (`PORT: "8080"`, `- name: DATABASE_URL`): our environment variables.
    static func environmentNames(in text: Substring) -> Set<String> {
        var names = Set<String>()
        for line in text.split(separator: "\n") {
            var trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("- name: ") { trimmed = trimmed.dropFirst("- name: ".count) }
            let key = trimmed.prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
            let rest = trimmed.dropFirst(key.count)
            guard key.count > 1, key.first!.isUppercase else { continue }
            if rest.isEmpty || rest.hasPrefix(":") { names.insert(String(key)) }
        }
        return names
    }

    /// The value of the first `key: value` line (quotes removed).
    static func value(of key: String, in text: Substring) -> String? {
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " || $0 == "-" }.drop { $0 == " " }
            guard trimmed.hasPrefix(key + ":") else { continue }
            return trimmed.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// The block of a docker-compose service: from `  name:` to the next two-space key.
    static func composeService(_ name: String, in compose: String) -> Substring? {
        let lines = compose.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == "  \(name):" }) else { return nil }
        var end = lines.index(after: start)
        while end < lines.endIndex {
            let line = lines[end]
            if !line.isEmpty && !line.hasPrefix("   ") && !line.hasPrefix("#") { break }
            end += 1
        }
        return Substring(lines[start..<end].joined(separator: "\n"))
    }

    /// Executable products declared in Package.swift.
    static func executableProducts() throws -> Set<String> {
        let manifest = try text("Package.swift")
        var names = Set<String>()
        for line in manifest.split(separator: "\n") where line.contains(".executable(name: \"") {
            let after = line.split(separator: "\"", omittingEmptySubsequences: false)
            if after.count > 1 { names.insert(String(after[1])) }
        }
        return names
    }
}
