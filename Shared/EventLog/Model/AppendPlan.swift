/// The pure decision of an append: which input records are new, which offsets they get, and
/// the outcome of every input in order.
///
/// The PostgreSQL log computes it after locking the topic's counter row, so `existing` (the
/// ids already stored, with their offsets) and `nextOffset` cannot change under it.
public struct AppendPlan: Sendable, Hashable {
    /// Indices into the input of the records to insert (ascending).
    public private(set) var insertIndices: [Int] = []
    /// The offsets of those records, parallel to `insertIndices`.
    public private(set) var insertOffsets: [Int64] = []
    /// One outcome per input record, in input order.
    public private(set) var outcomes: [AppendOutcome] = []
    /// The topic's next free offset after this append.
    public private(set) var nextOffset: Int64

    /// Plans an append of records with `ids` to a topic whose next free offset is `nextOffset`
    /// and which already holds `existing` (id → offset).
    public init(ids: [String], nextOffset: Int64, existing: [String: Int64]) {
        self.nextOffset = nextOffset
        var seen = existing
        outcomes.reserveCapacity(ids.count)
        for (index, id) in ids.enumerated() {
            if let offset = seen[id] {
                outcomes.append(.duplicate(existingOffset: offset))
                continue
            }
            let offset = self.nextOffset
            self.nextOffset += 1
            seen[id] = offset
            insertIndices.append(index)
            insertOffsets.append(offset)
            outcomes.append(.appended(offset: offset))
        }
    }

    /// How many records are stored.
    public var insertCount: Int { insertIndices.count }

}
