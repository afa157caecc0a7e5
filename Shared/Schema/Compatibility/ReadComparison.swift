import SluiceJSON

/// The structural "can the reader read what the writer wrote?" walk behind `Compatibility`.
///
/// At each node it compares, for each kind of value the writer can produce and the reader
/// accepts, the constraints of that kind; it reports every constraint the reader has and the
/// writer does not guarantee. When the writer's node is an `enum` or `const` it is exact: it
/// validates each value the writer allows against the reader.
struct ReadComparison {
    let readerVersion: Int
    let writerVersion: Int
    private(set) var findings: [Incompatibility] = []

    init(readerVersion: Int, writerVersion: Int) {
        self.readerVersion = readerVersion
        self.writerVersion = writerVersion
    }

    /// True when the reader is the later version (a BACKWARD check); changes are always
    /// described from the earlier version to the later one.
    var readerIsNewer: Bool { readerVersion > writerVersion }

    /// "minimum changed from 0 to 5", "pattern \"^a\" added", "format email removed", in
    /// chronological order whichever side is the reader.
    func changed(_ keyword: String, reader: String?, writer: String?) -> String {
        let (old, new) = readerIsNewer ? (writer, reader) : (reader, writer)
        switch (old, new) {
        case (nil, let new?): return "\(keyword) \(new) added"
        case (let old?, nil): return "\(keyword) \(old) removed"
        case (let old?, let new?): return "\(keyword) changed from \(old) to \(new)"
        case (nil, nil): return "\(keyword) changed"
        }
    }

    /// `newer` when the reader is the later version, else `older`.
    func phrase(newer: String, older: String) -> String { readerIsNewer ? newer : older }

    var writtenWith: String { "data written with version \(writerVersion)" }
    var rejectedBy: String { "which version \(readerVersion) rejects" }

    mutating func report(_ path: String, _ change: String, _ reason: String) {
        findings.append(Incompatibility(
            path: path, change: change, reason: reason, writerVersion: writerVersion, readerVersion: readerVersion))
    }

    mutating func compare(reader: SchemaNode, writer: SchemaNode, at path: String) {
        if reader.acceptsAnything { return }
        if compareWriterValues(reader: reader, writer: writer, at: path) { return }
        compareTypes(reader: reader, writer: writer, at: path)
        compareValueSets(reader: reader, writer: writer, at: path)
        func both(_ type: SchemaType) -> Bool { writer.types.accepts(type) && reader.types.accepts(type) }
        if both(.integer) || both(.number) { NumberRules.compare(reader: reader, writer: writer, at: path, in: &self) }
        if both(.string) { compareStrings(reader: reader, writer: writer, at: path) }
        if both(.array) { compareArrays(reader: reader, writer: writer, at: path) }
        if both(.object) { ObjectRules.compare(reader: reader, writer: writer, at: path, in: &self) }
    }

    /// When the writer only allows listed values (`const`/`enum`), checks each against the
    /// reader exactly. Returns true when it did (nothing else needs comparing).
    private mutating func compareWriterValues(reader: SchemaNode, writer: SchemaNode, at path: String) -> Bool {
        guard let values = writer.constValue.map({ [$0] }) ?? writer.enumValues else { return false }
        let rejected = values.filter { Self.accepts(writer, $0) && !Self.accepts(reader, $0) }
        guard !rejected.isEmpty else { return true }
        let shown = rejected.map(KeywordReader.render).joined(separator: ", ")
        let change: String
        if reader.constValue != nil || writer.constValue != nil {
            change = changed("const", reader: reader.constValue.map(KeywordReader.render), writer: writer.constValue.map(KeywordReader.render))
        } else {
            change = changed("enum", reader: reader.enumValues.map { KeywordReader.render(.array($0)) }, writer: KeywordReader.render(.array(values)))
        }
        report(path, change, "\(writtenWith) may have \(shown) here, \(rejectedBy)")
        return true
    }

    static func accepts(_ node: SchemaNode, _ value: JSONValue) -> Bool {
        var validator = Validator(maxIssues: 1)
        validator.validate(value, against: node)
        return validator.issues.isEmpty
    }

    private mutating func compareTypes(reader: SchemaNode, writer: SchemaNode, at path: String) {
        let written = writer.types.isAny ? SchemaTypeSet(SchemaType.allCases.filter { $0 != .integer }) : writer.types
        let rejected = written.types.filter { !reader.types.accepts($0) }
        guard !rejected.isEmpty else { return }
        let what = rejected.map { type -> String in
            if type == .number && reader.types.containsExactly(.integer) { return "numbers with a fractional part" }
            return Self.plural(type)
        }
        let list = what.count > 1 ? what.dropLast().joined(separator: ", ") + " and " + what.last! : what[0]
        let (old, new) = readerIsNewer ? (writer.types, reader.types) : (reader.types, writer.types)
        report(path, "type changed from \(old.summary) to \(new.summary)", "\(writtenWith) has \(list) here, \(rejectedBy)")
    }

    private static func plural(_ type: SchemaType) -> String {
        switch type {
        case .null: return "null values"
        default: return type.rawValue + "s"
        }
    }

    /// The reader lists allowed values and the writer does not.
    private mutating func compareValueSets(reader: SchemaNode, writer: SchemaNode, at path: String) {
        if let readerConst = reader.constValue {
            report(
                path, changed("const", reader: KeywordReader.render(readerConst), writer: nil),
                "\(writtenWith) may have other values here, \(rejectedBy)")
        } else if let values = reader.enumValues {
            report(
                path, changed("enum", reader: KeywordReader.render(.array(values)), writer: nil),
                "\(writtenWith) may have values outside the enum here, \(rejectedBy)")
        }
    }

    private mutating func compareStrings(reader: SchemaNode, writer: SchemaNode, at path: String) {
        LimitRules.lower(
            "minLength", reader: reader.minLength, writer: writer.minLength, unit: "strings shorter than",
            at: path, in: &self)
        LimitRules.upper(
            "maxLength", reader: reader.maxLength, writer: writer.maxLength, unit: "strings longer than",
            at: path, in: &self)
        if let pattern = reader.pattern, pattern != writer.pattern {
            let change = changed("pattern", reader: Self.quote(pattern.source), writer: writer.pattern.map { Self.quote($0.source) })
            report(
                path, change,
                "patterns cannot be compared, so \(writtenWith) may have strings here that version \(readerVersion)'s pattern does not match, \(rejectedBy)")
        }
        if let format = reader.format, format != writer.format {
            let change = changed("format", reader: format.rawValue, writer: writer.format?.rawValue)
            report(path, change, "\(writtenWith) may have strings here that are not a valid \(format.rawValue), \(rejectedBy)")
        }
    }

    private mutating func compareArrays(reader: SchemaNode, writer: SchemaNode, at path: String) {
        LimitRules.lower(
            "minItems", reader: reader.minItems, writer: writer.minItems, unit: "arrays with fewer items than",
            at: path, in: &self)
        LimitRules.upper(
            "maxItems", reader: reader.maxItems, writer: writer.maxItems, unit: "arrays with more items than",
            at: path, in: &self)
        guard let readerItems = reader.items else { return }
        if let writerItems = writer.items {
            compare(reader: readerItems, writer: writerItems, at: path + "[*]")
        } else if !readerItems.acceptsAnything {
            report(
                path + "[*]", phrase(newer: "items schema added", older: "items schema removed"),
                "version \(writerVersion) allowed array elements of any shape, so \(writtenWith) may have elements here \(rejectedBy)")
        }
    }

    static func quote(_ text: String) -> String { KeywordReader.render(.string(text)) }
}

/// minLength/maxLength/minItems/maxItems: a count bound raised (lower) or lowered (upper).
enum LimitRules {
    static func lower(
        _ keyword: String, reader: Int?, writer: Int?, unit: String, at path: String, in comparison: inout ReadComparison
    ) {
        guard let reader, reader > (writer ?? 0) else { return }
        let change = comparison.changed(keyword, reader: String(reader), writer: writer.map(String.init))
        comparison.report(
            path, change,
            "data written with version \(comparison.writerVersion) may have \(unit) \(reader) here, which version \(comparison.readerVersion) rejects")
    }

    static func upper(
        _ keyword: String, reader: Int?, writer: Int?, unit: String, at path: String, in comparison: inout ReadComparison
    ) {
        guard let reader else { return }
        if let writer, writer <= reader { return }
        let change = comparison.changed(keyword, reader: String(reader), writer: writer.map(String.init))
        comparison.report(
            path, change,
            "data written with version \(comparison.writerVersion) may have \(unit) \(reader) here, which version \(comparison.readerVersion) rejects")
    }
}
