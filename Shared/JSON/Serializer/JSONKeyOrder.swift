/// The key order of the canonical form: lexicographic by UTF-16 code units, as RFC 8785 §3.2.3
/// requires. Compares UTF-8 bytes (fast, and equal to code point order) and corrects the one
/// case where UTF-16 order differs: U+E000–U+FFFF (lead bytes 0xEE–0xEF) sort after
/// supplementary characters (lead bytes 0xF0–0xF4, surrogates 0xD800–0xDBFF in UTF-16).
enum JSONKeyOrder {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { a in
            rhs.withUTF8 { b in
                let common = min(a.count, b.count)
                var position = 0
                while position < common {
                    let x = a[position]
                    let y = b[position]
                    if x != y {
                        if x >= 0xEE && x <= 0xEF && y >= 0xF0 { return false }
                        if y >= 0xEE && y <= 0xEF && x >= 0xF0 { return true }
                        return x < y
                    }
                    position += 1
                }
                return a.count < b.count
            }
        }
    }
}
