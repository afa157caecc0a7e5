extension EventLog {
    /// Hands parked records of `group` to `handler` again: those that succeed are removed,
    /// those that fail stay parked with the new error and one more attempt.
    ///
    /// - Parameter offsets: the records to replay; nil replays all (up to `limit`).
    /// - Returns: the offsets replayed successfully and those that failed again.
    @discardableResult
    public func replayDeadLetters(
        group: GroupName, topic: TopicName, offsets: [Int64]? = nil, limit: Int = 10_000,
        handler: (LogRecord) throws -> Void
    ) throws(EventLogError) -> (succeeded: [Int64], failed: [Int64]) {
        let wanted = offsets.map(Set.init)
        var succeeded: [Int64] = []
        var failed: [Int64] = []
        for letter in try deadLetters(group: group, topic: topic, limit: limit) {
            if let wanted, !wanted.contains(letter.offset) { continue }
            guard let record = letter.record else {
                try recordDeadLetterFailure(
                    group: group, topic: topic, offset: letter.offset, error: "record removed by retention")
                failed.append(letter.offset)
                continue
            }
            do {
                try handler(record)
                succeeded.append(letter.offset)
            } catch {
                try recordDeadLetterFailure(group: group, topic: topic, offset: letter.offset, error: "\(error)")
                failed.append(letter.offset)
            }
        }
        if !succeeded.isEmpty { try removeDeadLetters(group: group, topic: topic, offsets: succeeded) }
        return (succeeded, failed)
    }
}
