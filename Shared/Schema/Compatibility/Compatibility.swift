/// Compatibility checks between versions of a topic's schema.
///
/// ```swift
/// let problems = Compatibility.check(new: v3, previous: [v1, v2], mode: .backwardTransitive)
/// if !problems.isEmpty { /* 409 listing problems.map(\.description) */ }
/// ```
public enum Compatibility {
    /// The incompatibilities between `new` and the earlier versions that `mode` requires it to
    /// be compatible with; empty when compatible.
    ///
    /// - Parameters:
    ///   - new: the candidate schema.
    ///   - previous: the registered versions, oldest first; `previous[i]` is called version
    ///     `firstVersion + i` in messages and `new` is the version after the last one.
    ///   - mode: which directions and which versions to check.
    ///   - firstVersion: the version number of `previous[0]` (default 1).
    public static func check(
        new: Schema, previous: [Schema], mode: CompatibilityMode, firstVersion: Int = 1
    ) -> [Incompatibility] {
        guard let latest = previous.indices.last, mode != .none else { return [] }
        let newVersion = firstVersion + previous.count
        let compared = mode.isTransitive ? Array(previous.indices) : [latest]
        var result: [Incompatibility] = []
        for index in compared {
            let oldVersion = firstVersion + index
            if mode.checksBackward {
                result += canRead(reader: new, readerVersion: newVersion, writer: previous[index], writerVersion: oldVersion)
            }
            if mode.checksForward {
                result += canRead(reader: previous[index], readerVersion: oldVersion, writer: new, writerVersion: newVersion)
            }
        }
        return result
    }

    /// Why `reader` might reject a document valid under `writer`; empty when every such
    /// document is valid under `reader`. Decided structurally and conservatively: when a rule
    /// cannot prove a change safe, it reports it.
    public static func canRead(reader: Schema, readerVersion: Int, writer: Schema, writerVersion: Int) -> [Incompatibility] {
        var comparison = ReadComparison(readerVersion: readerVersion, writerVersion: writerVersion)
        comparison.compare(reader: reader.root, writer: writer.root, at: "$")
        return comparison.findings
    }
}
