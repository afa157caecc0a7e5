/// One way a schema version could fail to read data written with another, spelled out:
/// `$.country: type changed from string to integer; data written with version 2 has strings
/// here, which version 3 rejects`.
public struct Incompatibility: Sendable, Hashable, CustomStringConvertible {
    /// Where: a JSON path into the data (`$.user.age`); `[*]` stands for every array element
    /// and `.*` for every member not declared in `properties`.
    public var path: String
    /// What changed between the versions, e.g. `minimum changed from 0 to 5`, always from the earlier version to the later one.
    public var change: String
    /// Why that breaks reading, naming the versions.
    public var reason: String
    /// The version whose data would be rejected.
    public var writerVersion: Int
    /// The version that would reject it.
    public var readerVersion: Int

    public init(path: String, change: String, reason: String, writerVersion: Int, readerVersion: Int) {
        self.path = path
        self.change = change
        self.reason = reason
        self.writerVersion = writerVersion
        self.readerVersion = readerVersion
    }

    /// `path: change; reason`.
    public var description: String { "\(path): \(change); \(reason)" }
}
