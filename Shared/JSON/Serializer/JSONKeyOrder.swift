/// The key order of the canonical form: lexicographic by UTF-16 code units, as RFC 8785 §3.2.3
/// requires. Compares UTF-8 bytes (fast, and equal to code point order) and corrects the one
/// case where UTF-16 order differs: U+E000–U+FFFF (lead bytes 0xEE–0xEF) sort after
/// supplementary characters (lead bytes 0xF0–0xF4, surrogates 0xD800–0xDBFF in UTF-16).
enum JSONKeyOrder {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let fast: Bool?? = lhs.utf8.withContiguousStorageIfAvailable { a in
            rhs.utf8.withContiguousStorageIfAvailable { b in precedes(a, b) }
        }
        if let fast, let result = fast { return result }
        return precedes(Array(lhs.utf8)[...], Array(rhs.utf8)[...])
    }

    static func precedes<Bytes: RandomAccessCollection<UInt8>>(_ a: Bytes, _ b: Bytes) -> Bool where Bytes.Index == Int {
        let common = min(a.count, b.count)
        var position = 0
        while position < common {
            let x = a[a.startIndex + position]
            let y = b[b.startIndex + position]
            if x != y {
                if x >= 0xEE && x <= 0xEF && y >= 0xF0 { return false }
                if y >= 0xEE && y <= 0xEF && x >= 0xF0 { return true }
                return x < y
            }
            position += 1
        }
        return a.count < b.count
    }

    /// Member positions in canonical key order. Small objects (the common case) use an
    /// insertion sort, which skips the closure and allocation overhead of `sorted`.
    static func sortedPositions(_ keys: [String]) -> [Int] {
        var order = Array(keys.indices)
        guard keys.count > 1 else { return order }
        guard keys.count <= 16 else { return order.sorted { precedes(keys[$0], keys[$1]) } }
        for current in 1..<order.count {
            let position = order[current]
            var slot = current
            while slot > 0 && precedes(keys[position], keys[order[slot - 1]]) {
                order[slot] = order[slot - 1]
                slot -= 1
            }
            order[slot] = position
        }
        return order
    }
}
