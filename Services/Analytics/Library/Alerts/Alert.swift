import SluiceJSON

/// The alert of one check on one subject (the analysis and group): open while the check
/// fails, resolved when it passes again.
public struct Alert: Sendable, Hashable {
    /// `analysis/check/subject`.
    public var key: String
    public var analysis: String
    public var check: String
    /// The analysis, with the group when it has one: `hourly_views{"country":"DE"}`.
    public var subject: String
    public var severity: String
    public var isOpen: Bool
    public var observed: Double
    public var expected: Double
    /// The window of the latest failing observation.
    public var window: Range<Timestamp>
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    public var resolvedAt: Timestamp?

    /// `GET /v1/alerts`'s item.
    public var json: JSONValue {
        [
            "analysis": .string(analysis), "check": .string(check), "subject": .string(subject),
            "severity": .string(severity), "status": .string(isOpen ? "open" : "resolved"),
            "observed": WindowAnnotation.number(observed), "expected": WindowAnnotation.number(expected),
            "window": ["from": .string(window.lowerBound.rfc3339), "to": .string(window.upperBound.rfc3339)],
            "firstSeen": .string(firstSeen.rfc3339), "lastSeen": .string(lastSeen.rfc3339),
            "resolvedAt": resolvedAt.map { .string($0.rfc3339) } ?? .null,
        ]
    }
}
