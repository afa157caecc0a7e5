/// How a topic's new schema version must relate to the earlier ones (Confluent Schema
/// Registry's vocabulary). "Can read" means: every document valid under the writer's schema is
/// valid under the reader's.
public enum CompatibilityMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The new schema can read data written with the latest previous one (the default).
    case backward = "BACKWARD"
    /// The latest previous schema can read data written with the new one.
    case forward = "FORWARD"
    /// Both `backward` and `forward`.
    case full = "FULL"
    /// The new schema can read data written with every previous version.
    case backwardTransitive = "BACKWARD_TRANSITIVE"
    /// Every previous version can read data written with the new schema.
    case forwardTransitive = "FORWARD_TRANSITIVE"
    /// Both transitive directions.
    case fullTransitive = "FULL_TRANSITIVE"
    /// No check.
    case none = "NONE"

    /// `backward`, as in Confluent's registry.
    public static let `default` = CompatibilityMode.backward

    /// Parses a mode name case-insensitively, ignoring surrounding whitespace
    /// (`"full_transitive"` → `.fullTransitive`); nil for anything else.
    public init?(name: String) {
        let canonical = String(name.filter { !$0.isWhitespace }).uppercased()
        self.init(rawValue: canonical)
    }

    /// The canonical upper-case name, e.g. `FULL_TRANSITIVE`.
    public var name: String { rawValue }

    public var description: String { rawValue }

    /// True when the new schema must read old data.
    var checksBackward: Bool { [.backward, .full, .backwardTransitive, .fullTransitive].contains(self) }

    /// True when old schemas must read new data.
    var checksForward: Bool { [.forward, .full, .forwardTransitive, .fullTransitive].contains(self) }

    /// True when every earlier version is checked, not only the latest.
    var isTransitive: Bool { [.backwardTransitive, .forwardTransitive, .fullTransitive].contains(self) }
}
