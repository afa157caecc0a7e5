/// Comparisons whose running time does not depend on where inputs differ, for secrets.
public enum ConstantTime {
    /// True when `a` and `b` are equal. Time depends only on the lengths.
    public static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
