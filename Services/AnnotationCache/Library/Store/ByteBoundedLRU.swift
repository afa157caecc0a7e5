/// A least-recently-used map bounded by the total byte cost of its values. Not thread-safe:
/// `AnnotationMemory` guards it with a lock. Pure, so it is tested directly.
///
/// Entries live in slots linked in recency order (head = most recent); a lookup moves its
/// entry to the head, an insertion evicts from the tail until the total fits.
public struct ByteBoundedLRU<Key: Hashable, Value> {
    private struct Slot {
        var key: Key
        var value: Value
        var cost: Int
        var previous: Int
        var next: Int
    }

    public let capacity: Int
    public private(set) var totalCost = 0
    public private(set) var evictions = 0
    private var index: [Key: Int] = [:]
    private var slots: [Slot?] = []
    private var freeSlots: [Int] = []
    private var head = -1
    private var tail = -1

    /// - Parameter capacity: the most bytes the values may cost together.
    public init(capacity: Int) { self.capacity = capacity }

    public var count: Int { index.count }

    /// The value for `key`, now the most recently used.
    public mutating func value(for key: Key) -> Value? {
        guard let position = index[key] else { return nil }
        moveToHead(position)
        return slots[position]!.value
    }

    /// The value for `key` without changing recency.
    public func peek(_ key: Key) -> Value? { index[key].map { slots[$0]!.value } }

    /// Stores `value`; a value costing more than the whole capacity is not kept.
    public mutating func set(_ key: Key, _ value: Value, cost: Int) {
        remove(key)
        guard cost <= capacity else { return }
        while totalCost + cost > capacity, tail >= 0 {
            remove(slots[tail]!.key)
            evictions += 1
        }
        let slot = Slot(key: key, value: value, cost: cost, previous: -1, next: head)
        let position: Int
        if let free = freeSlots.popLast() {
            position = free
            slots[position] = slot
        } else {
            position = slots.count
            slots.append(slot)
        }
        if head >= 0 { slots[head]!.previous = position }
        head = position
        if tail < 0 { tail = position }
        index[key] = position
        totalCost += cost
    }

    /// Removes `key`; true when it was there.
    @discardableResult
    public mutating func remove(_ key: Key) -> Bool {
        guard let position = index.removeValue(forKey: key) else { return false }
        unlink(position)
        totalCost -= slots[position]!.cost
        slots[position] = nil
        freeSlots.append(position)
        return true
    }

    /// Removes every entry whose key matches.
    public mutating func removeAll(where matches: (Key) -> Bool) {
        for key in index.keys where matches(key) { remove(key) }
    }

    /// Keys from most to least recently used (tests).
    public var keysByRecency: [Key] {
        var keys: [Key] = []
        var position = head
        while position >= 0 {
            keys.append(slots[position]!.key)
            position = slots[position]!.next
        }
        return keys
    }

    private mutating func unlink(_ position: Int) {
        let slot = slots[position]!
        if slot.previous >= 0 { slots[slot.previous]!.next = slot.next } else { head = slot.next }
        if slot.next >= 0 { slots[slot.next]!.previous = slot.previous } else { tail = slot.previous }
    }

    private mutating func moveToHead(_ position: Int) {
        guard position != head else { return }
        unlink(position)
        slots[position]!.previous = -1
        slots[position]!.next = head
        if head >= 0 { slots[head]!.previous = position }
        head = position
        if tail < 0 { tail = position }
    }
}
