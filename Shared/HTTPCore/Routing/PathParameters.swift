/// The `{name}` values of a matched route, as sent (not percent-decoded).
public struct PathParameters: Sendable, Sequence {
    public typealias Element = (name: String, value: String)
    private var storage: [(name: String, value: String)]

    public init(_ storage: [(name: String, value: String)] = []) { self.storage = storage }

    /// The value of parameter `name`, if the route has it.
    public subscript(name: String) -> String? { storage.first { $0.name == name }?.value }

    public var count: Int { storage.count }
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { storage.makeIterator() }
}
