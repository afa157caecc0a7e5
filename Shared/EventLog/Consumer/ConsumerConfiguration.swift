/// How a group member reads, retries and parks.
public struct ConsumerConfiguration: Sendable, Hashable {
    /// The most records leased at once.
    public var batchSize: Int
    /// How long a claim is leased; a member that dies holding one delays its records by at
    /// most this long. Renewed after every record, so it bounds one record's handling time.
    public var lease: Duration
    /// The fallback poll interval when no notification arrives.
    public var pollInterval: Duration
    /// Handler attempts per record before it is parked (at least 1).
    public var maxAttempts: Int
    /// The delay between attempts.
    public var backoff: Backoff

    public init(
        batchSize: Int = 100, lease: Duration = .seconds(30), pollInterval: Duration = .seconds(1), maxAttempts: Int = 5,
        backoff: Backoff = Backoff()
    ) {
        precondition(batchSize >= 1 && maxAttempts >= 1, "batchSize and maxAttempts must be at least 1")
        self.batchSize = batchSize
        self.lease = lease
        self.pollInterval = pollInterval
        self.maxAttempts = maxAttempts
        self.backoff = backoff
    }
}
