import SluiceJSON

/// A leased offset range as stored (one row of `eventlog.claims`).
public struct ClaimRow: Sendable, Hashable {
    public var firstOffset: Int64
    public var lastOffset: Int64
    public var member: String
    public var leaseExpiresAt: Timestamp
    public var completed: Bool

    public init(firstOffset: Int64, lastOffset: Int64, member: String, leaseExpiresAt: Timestamp, completed: Bool) {
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
        self.member = member
        self.leaseExpiresAt = leaseExpiresAt
        self.completed = completed
    }
}

/// The pure lease logic of consumer groups: given the group's committed offset, its claims and
/// the topic's last committed offset, decide what a member asking for work gets.
///
/// Rules:
/// 1. The committed offset advances over claims that are completed and contiguous with it
///    (`committed + 1 == claim.first`); those claims are deleted. A completed claim after a
///    gap (an earlier range still in flight) waits.
/// 2. An incomplete claim whose lease expired is taken over first (lowest offset first): it
///    holds the committed offset back, and its member is presumed dead.
/// 3. Otherwise a new range starts after the highest offset claimed or committed and ends at
///    most `maxRecords` later, never beyond the topic's last committed offset.
///
/// The caller runs this with the group's row locked, so two members never get the same range.
public struct ClaimPlanner: Sendable {
    /// What to do.
    public enum Decision: Sendable, Hashable {
        /// Take over the expired claim starting at `firstOffset`.
        case takeOver(firstOffset: Int64, lastOffset: Int64)
        /// Create a claim for `[firstOffset, lastOffset]`.
        case create(firstOffset: Int64, lastOffset: Int64)
        /// Nothing to hand out now.
        case idle
    }

    /// The plan: the new committed offset, the claims to delete, and the decision.
    public struct Plan: Sendable, Hashable {
        public var committedOffset: Int64
        public var deletedClaims: [Int64]
        public var decision: Decision
    }

    /// Advances the committed offset over contiguous completed claims (rule 1).
    public static func advance(committedOffset: Int64, claims: [ClaimRow]) -> (committedOffset: Int64, deleted: [Int64]) {
        var committed = committedOffset
        var deleted: [Int64] = []
        var byFirst: [Int64: ClaimRow] = [:]
        for claim in claims { byFirst[claim.firstOffset] = claim }
        // Claims that end at or before the committed offset are stale (a seek moved past them).
        for claim in claims where claim.lastOffset <= committed && claim.completed {
            deleted.append(claim.firstOffset)
        }
        while let next = byFirst[committed + 1], next.completed {
            committed = next.lastOffset
            deleted.append(next.firstOffset)
        }
        return (committed, deleted.sorted())
    }

    /// Plans a member's request for at most `maxRecords` (at least 1).
    public static func plan(
        committedOffset: Int64, claims: [ClaimRow], lastAvailableOffset: Int64, maxRecords: Int, now: Timestamp
    ) -> Plan {
        let (committed, deleted) = advance(committedOffset: committedOffset, claims: claims)
        let deletedSet = Set(deleted)
        let remaining = claims.filter { !deletedSet.contains($0.firstOffset) }
        if let expired = remaining.filter({ !$0.completed && $0.leaseExpiresAt <= now }).min(by: {
            $0.firstOffset < $1.firstOffset
        }) {
            return Plan(
                committedOffset: committed, deletedClaims: deleted,
                decision: .takeOver(firstOffset: expired.firstOffset, lastOffset: expired.lastOffset))
        }
        let start = max(committed, remaining.map(\.lastOffset).max() ?? committed) + 1
        guard start <= lastAvailableOffset else {
            return Plan(committedOffset: committed, deletedClaims: deleted, decision: .idle)
        }
        let end = min(lastAvailableOffset, start + Int64(max(1, maxRecords)) - 1)
        return Plan(committedOffset: committed, deletedClaims: deleted, decision: .create(firstOffset: start, lastOffset: end))
    }
}
