/// A validated topic name: 1–100 characters of `a-z 0-9 _ . -`, starting with a letter
/// (`page_view`, `sluice.analysis.completed`).
///
/// Topic names never reach SQL as text other than as bound parameters; partition tables are
/// named after the topic's integer id (see `PartitionName`).
public struct TopicName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name as given.
    public let rawValue: String

    /// The name, or nil when it breaks the rule above.
    public init?(_ rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Like `init?(_:)`, throwing `EventLogError.invalidTopicName` instead.
    public init(validating rawValue: String) throws(EventLogError) {
        guard let name = TopicName(rawValue) else { throw .invalidTopicName(rawValue) }
        self = name
    }

    /// True when `text` is a valid topic name.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...100).contains(bytes.count), let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: TopicName, rhs: TopicName) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A validated consumer group name: same alphabet as `TopicName` (`analytics`, `cache.invalidations`).
public struct GroupName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name as given.
    public let rawValue: String

    /// The name, or nil when it is not 1–100 characters of `a-z 0-9 _ . -` starting with a letter.
    public init?(_ rawValue: String) {
        guard TopicName.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Like `init?(_:)`, throwing `EventLogError.invalidGroupName` instead.
    public init(validating rawValue: String) throws(EventLogError) {
        guard let name = GroupName(rawValue) else { throw .invalidGroupName(rawValue) }
        self = name
    }

    public var description: String { rawValue }

    public static func < (lhs: GroupName, rhs: GroupName) -> Bool { lhs.rawValue < rhs.rawValue }
}
