import Foundation

/// Commits the requests that arrive for one topic while its previous transaction is running
/// together, in one transaction (group commit).
///
/// Why: appends to a topic hold the topic's lock until COMMIT (the event log's gap-free
/// offsets need it), so transactions of one topic run one after another and each waits for
/// its own WAL flush. Taking every request queued meanwhile into the next transaction
/// makes one flush carry many requests, and throughput follows the number of waiting
/// producers instead of being one request per flush.
///
/// Leader/follower, no thread of its own: a request queues its work; if fewer than
/// `maxLeaders` groups are running it becomes a leader, takes the queue (up to `maxItems`
/// work units) and runs `commit` with it; otherwise it waits until a leader has answered it. Each request still
/// gets exactly its own outcome, and 2xx only after the COMMIT that includes it.
final class GroupCommitter<Work, Outcome>: @unchecked Sendable {
    private final class Entry {
        let work: Work
        let size: Int
        var result: Result<Outcome, any Error>?
        /// In a group that is running.
        var taken = false
        init(work: Work, size: Int) {
            self.work = work
            self.size = size
        }
    }

    // All state below is guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [Entry] = []
    private var activeLeaders = 0
    private let maxItems: Int
    private let maxLeaders: Int

    /// - Parameters:
    ///   - maxItems: the most work units one group takes.
    ///   - maxLeaders: groups allowed to run at once. 2 pipelines a topic: the next group
    ///     prepares and queues on the topic's lock while the previous one commits.
    init(maxItems: Int, maxLeaders: Int = 2) {
        self.maxItems = maxItems
        self.maxLeaders = max(1, maxLeaders)
    }

    /// Runs `work` (of `size` units) in some group and returns its outcome.
    ///
    /// - Parameter commit: runs one group (in arrival order) and returns one result per work
    ///   item, in order. Up to `maxLeaders` groups run at once.
    func submit(_ work: Work, size: Int, commit: ([Work]) -> [Result<Outcome, any Error>]) throws -> Outcome {
        let entry = Entry(work: work, size: size)
        condition.lock()
        pending.append(entry)
        while entry.result == nil {
            // Wait while enough groups run, or while a running group holds this request.
            if activeLeaders >= maxLeaders || entry.taken {
                condition.wait()
                continue
            }
            activeLeaders += 1
            var group: [Entry] = []
            var units = 0
            while let next = pending.first, group.isEmpty || units + next.size <= maxItems {
                group.append(next)
                next.taken = true
                units += next.size
                pending.removeFirst()
            }
            condition.unlock()
            let results = commit(group.map(\.work))
            condition.lock()
            for (member, result) in zip(group, results) { member.result = result }
            activeLeaders -= 1
            condition.broadcast()
        }
        condition.unlock()
        return try entry.result!.get()
    }
}
