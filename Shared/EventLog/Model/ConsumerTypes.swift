import SluiceJSON

/// A range of offsets a group member has leased: it handles `records`, then completes the
/// claim with `EventLog.complete(_:parking:)`, which advances the group's committed offset
/// over every contiguous completed claim.
public struct Claim: Sendable, Hashable {
    public var group: GroupName
    public var topic: TopicName
    /// The member that holds the lease (a replica's unique name).
    public var member: String
    /// First offset of the range (inclusive).
    public var firstOffset: Int64
    /// Last offset of the range (inclusive).
    public var lastOffset: Int64
    /// After this instant another member may take the range over.
    public var leaseExpiresAt: Timestamp
    /// True when this member took the range over from a member whose lease expired.
    public var isTakeover: Bool
    /// The records in the range, ascending by offset (fewer than the range when retention
    /// removed some).
    public var records: [LogRecord]

    public init(
        group: GroupName, topic: TopicName, member: String, firstOffset: Int64, lastOffset: Int64,
        leaseExpiresAt: Timestamp, isTakeover: Bool, records: [LogRecord]
    ) {
        self.group = group
        self.topic = topic
        self.member = member
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
        self.leaseExpiresAt = leaseExpiresAt
        self.isTakeover = isTakeover
        self.records = records
    }
}

/// A record a group gave up on after its handler kept failing, parked with the last error.
public struct DeadLetter: Sendable, Hashable {
    public var group: GroupName
    public var topic: TopicName
    public var offset: Int64
    /// The last handler error.
    public var error: String
    /// Handler attempts so far, replays included.
    public var attempts: Int
    public var parkedAt: Timestamp
    /// The record itself; nil when the topic's retention has removed it.
    public var record: LogRecord?

    public init(
        group: GroupName, topic: TopicName, offset: Int64, error: String, attempts: Int, parkedAt: Timestamp,
        record: LogRecord?
    ) {
        self.group = group
        self.topic = topic
        self.offset = offset
        self.error = error
        self.attempts = attempts
        self.parkedAt = parkedAt
        self.record = record
    }
}

/// A record to park when completing a claim.
public struct ParkedRecord: Sendable, Hashable {
    public var offset: Int64
    public var error: String
    public var attempts: Int

    public init(offset: Int64, error: String, attempts: Int) {
        self.offset = offset
        self.error = error
        self.attempts = attempts
    }
}

/// Where to move a group's position.
public enum SeekTarget: Sendable, Hashable {
    /// The next record handled is the one after `offset` (0: from the beginning).
    case afterOffset(Int64)
    /// The next record handled is the first appended at or after this instant.
    case time(Timestamp)
    /// The next record handled is the first appended from now on.
    case end
}

/// How long a topic keeps its records.
public struct RetentionPolicy: Sendable, Hashable {
    /// Records whose event-time day ended more than this many days ago are dropped, a whole
    /// day partition at a time; nil keeps records forever.
    public var days: Int?

    public init(days: Int?) {
        precondition(days.map { $0 >= 1 } ?? true, "retention must be at least one day")
        self.days = days
    }

    /// Keep records forever.
    public static let forever = RetentionPolicy(days: nil)
}
