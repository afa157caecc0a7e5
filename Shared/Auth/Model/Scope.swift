/// What an API key may do. Written as strings: `admin`, `produce:<topic>`, `produce:*`,
/// `read:<topic>`, `read:*`.
///
/// `admin` covers every permission (key management, topics, schemas, dead letters, and
/// producing and reading every topic).
public enum Scope: Sendable, Hashable, CustomStringConvertible {
    case admin
    case produce(TopicSelector)
    case read(TopicSelector)

    /// Which topics a `produce` or `read` scope names.
    public enum TopicSelector: Sendable, Hashable {
        /// `*`: every topic.
        case any
        /// One topic by name.
        case topic(String)

        func matches(_ topic: String) -> Bool {
            switch self {
            case .any: true
            case .topic(let name): name == topic
            }
        }

        var text: String {
            switch self {
            case .any: "*"
            case .topic(let name): name
            }
        }
    }

    /// Parses a scope string; nil when it is none of the forms above (topic names follow the
    /// event log's rule: 1-100 of `a-z 0-9 _ . -`, starting with a letter).
    public init?(_ text: String) {
        if text == "admin" {
            self = .admin
            return
        }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let selector: TopicSelector
        if parts[1] == "*" {
            selector = .any
        } else if Self.isTopicName(parts[1]) {
            selector = .topic(String(parts[1]))
        } else {
            return nil
        }
        switch parts[0] {
        case "produce": self = .produce(selector)
        case "read": self = .read(selector)
        default: return nil
        }
    }

    /// The scope as written (`produce:page_view`).
    public var description: String {
        switch self {
        case .admin: "admin"
        case .produce(let selector): "produce:\(selector.text)"
        case .read(let selector): "read:\(selector.text)"
        }
    }

    /// True when this scope grants `permission`.
    public func covers(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.admin, _): true
        case (.produce(let selector), .produce(let topic)): selector.matches(topic)
        case (.read(let selector), .read(let topic)): selector.matches(topic)
        default: false
        }
    }

    static func isTopicName(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...100).contains(bytes.count), let first = bytes.first, (97...122).contains(first) else { return false }
        return bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 || $0 == 46 || $0 == 45 }
    }
}

/// What an endpoint requires of the caller's key.
public enum Permission: Sendable, Hashable, CustomStringConvertible {
    /// Key management, topic and schema registration, dead letters.
    case admin
    /// Sending events to the topic.
    case produce(topic: String)
    /// Reading the topic's events.
    case read(topic: String)

    public var description: String {
        switch self {
        case .admin: "admin"
        case .produce(let topic): "produce:\(topic)"
        case .read(let topic): "read:\(topic)"
        }
    }
}
