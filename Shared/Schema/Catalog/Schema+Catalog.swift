extension Schema {
    /// The declared field at `path` (member names through nested `properties`), or nil when
    /// no schema declares it. `field(at: [])` is nil: the root is not a field.
    public func field(at path: [String]) -> FieldInfo? {
        guard !path.isEmpty else { return nil }
        var node = root
        var isRequired = false
        for name in path {
            guard let child = node.property(name) else { return nil }
            isRequired = node.required.contains(name)
            node = child
        }
        return Self.info(node, path: path, isRequired: isRequired)
    }

    /// Every declared field, parents before their children, in schema order.
    public var fields: [FieldInfo] {
        var result: [FieldInfo] = []
        Self.collect(root, prefix: [], into: &result)
        return result
    }

    /// The declared fields without sub-fields (the ones that hold values), in schema order.
    public var leafFields: [FieldInfo] { fields.filter(\.isLeaf) }

    /// The root schema's `description`.
    public var documentation: String? { root.description }

    private static func collect(_ node: SchemaNode, prefix: [String], into result: inout [FieldInfo]) {
        for (name, child) in zip(node.propertyNames, node.propertyNodes) {
            let path = prefix + [name]
            result.append(info(child, path: path, isRequired: node.required.contains(name)))
            collect(child, prefix: path, into: &result)
        }
    }

    private static func info(_ node: SchemaNode, path: [String], isRequired: Bool) -> FieldInfo {
        FieldInfo(
            path: path, types: node.types.isAny ? [] : node.types.nonNullTypes,
            isNullable: node.types.containsExactly(.null), isRequired: isRequired,
            description: node.description, format: node.format, isLeaf: node.propertyNodes.isEmpty)
    }
}
