import SluiceJSON

/// Objects: required members, declared properties (recursively) and what each side does with
/// members the other did not declare.
enum ObjectRules {
    static func compare(reader: SchemaNode, writer: SchemaNode, at path: String, in comparison: inout ReadComparison) {
        let writerVersion = comparison.writerVersion
        let readerVersion = comparison.readerVersion
        let writtenWith = "data written with version \(writerVersion)"
        for name in reader.required where !writer.required.contains(name) {
            let change = writer.property(name) != nil
                ? "\"\(name)\" became required" : "required property \"\(name)\" added"
            comparison.report(
                member(path, name), change, "\(writtenWith) may omit it, which version \(readerVersion) rejects")
        }
        for (name, readerProperty) in zip(reader.propertyNames, reader.propertyNodes) {
            let childPath = member(path, name)
            if let writerProperty = writer.property(name) {
                comparison.compare(reader: readerProperty, writer: writerProperty, at: childPath)
                continue
            }
            switch writer.additionalProperties {
            case .forbidden: break  // the writer never writes it
            case .schema(let writerSchema): comparison.compare(reader: readerProperty, writer: writerSchema, at: childPath)
            case .any:
                guard !readerProperty.acceptsAnything else { continue }
                comparison.report(
                    childPath, "property \"\(name)\" added",
                    "version \(writerVersion) allowed \"\(name)\" as an unknown field of any shape, so \(writtenWith) may have values here that version \(readerVersion) rejects")
            }
        }
        for (name, writerProperty) in zip(writer.propertyNames, writer.propertyNodes) where reader.property(name) == nil {
            switch reader.additionalProperties {
            case .any: break
            case .schema(let readerSchema):
                comparison.compare(reader: readerSchema, writer: writerProperty, at: member(path, name))
            case .forbidden:
                comparison.report(
                    member(path, name), "property \"\(name)\" removed while additionalProperties is false",
                    "\(writtenWith) may have \"\(name)\", which version \(readerVersion) rejects as undeclared")
            }
        }
        switch (writer.additionalProperties, reader.additionalProperties) {
        case (.forbidden, _), (_, .any): break
        case (.any, .forbidden), (.schema, .forbidden):
            comparison.report(
                path, "additionalProperties closed (now false)",
                "\(writtenWith) may have members not declared in properties, which version \(readerVersion) rejects")
        case (.any, .schema(let readerSchema)):
            guard !readerSchema.acceptsAnything else { break }
            comparison.report(
                path + ".*", "additionalProperties restricted to a schema",
                "version \(writerVersion) allowed undeclared members of any shape, so \(writtenWith) may have members that version \(readerVersion) rejects")
        case (.schema(let writerSchema), .schema(let readerSchema)):
            comparison.compare(reader: readerSchema, writer: writerSchema, at: path + ".*")
        }
    }

    /// `path` followed by member `name`, in the JSONPath spelling of validation issues.
    static func member(_ path: String, _ name: String) -> String {
        path + String(JSONPath(components: [.key(name)]).description.dropFirst())
    }
}
