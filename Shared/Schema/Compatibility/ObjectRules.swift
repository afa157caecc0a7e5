import SluiceJSON

/// Objects: required members, declared properties (recursively) and what each side does with
/// members the other did not declare.
enum ObjectRules {
    static func compare(reader: SchemaNode, writer: SchemaNode, at path: String, in comparison: inout ReadComparison) {
        let writerVersion = comparison.writerVersion
        let readerVersion = comparison.readerVersion
        let writtenWith = "data written with version \(writerVersion)"
        for name in reader.required where !writer.required.contains(name) {
            let change = comparison.phrase(newer: "\"\(name)\" became required", older: "\"\(name)\" is no longer required")
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
                    childPath, comparison.phrase(newer: "property \"\(name)\" added", older: "property \"\(name)\" removed"),
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
                    member(path, name),
                    comparison.phrase(
                        newer: "property \"\(name)\" removed while additionalProperties is false",
                        older: "property \"\(name)\" added where version \(readerVersion) has additionalProperties false"),
                    "\(writtenWith) may have \"\(name)\", which version \(readerVersion) rejects as undeclared")
            }
        }
        switch (writer.additionalProperties, reader.additionalProperties) {
        case (.forbidden, _), (_, .any): break
        case (.any, .forbidden), (.schema, .forbidden):
            comparison.report(
                path, comparison.phrase(newer: "additionalProperties closed (now false)", older: "additionalProperties opened (was false)"),
                "\(writtenWith) may have members not declared in properties, which version \(readerVersion) rejects")
        case (.any, .schema(let readerSchema)):
            guard !readerSchema.acceptsAnything else { break }
            comparison.report(
                path + ".*",
                comparison.phrase(
                    newer: "additionalProperties restricted to a schema", older: "additionalProperties schema removed"),
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
