import SluiceJSON

/// The body of `GET /v1/annotations/{analysis}`, written straight from the stored bytes:
///
///     {"analysis", "version", "from", "to", "status": "complete"|"partial"|"pending",
///      "annotations": [...], "missing": [{"from", "to"}], "analyticsReachable": bool}
enum AnnotationResponse {
    enum Status: String { case complete, partial, pending }

    static func status(of read: RangeRead) -> Status {
        if read.missing.isEmpty { return .complete }
        return read.windows.isEmpty ? .pending : .partial
    }

    static func body(analysis: String, read: RangeRead, filter: RangeQuery, analyticsReachable: Bool) -> [UInt8] {
        var out = bodyPrefix(analysis: analysis, read: read, filter: filter)
        appendSuffix(analyticsReachable: analyticsReachable, to: &out)
        return out
    }

    /// The end of every answer: `,"analyticsReachable":bool}`.
    static func appendSuffix(analyticsReachable: Bool, to out: inout [UInt8]) {
        out.append(contentsOf: #","analyticsReachable":"#.utf8)
        out.append(contentsOf: (analyticsReachable ? "true" : "false").utf8)
        out.append(UInt8(ascii: "}"))
    }

    /// Everything up to the `analyticsReachable` member (what a memoized answer keeps).
    static func bodyPrefix(analysis: String, read: RangeRead, filter: RangeQuery) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(320 + read.windows.reduce(0) { $0 + $1.documents.reduce(0) { $0 + $1.bytes.count + 1 } })
        out.append(contentsOf: #"{"analysis":"#.utf8)
        JSONSerializer.appendString(analysis, to: &out)
        out.append(contentsOf: #","version":"#.utf8)
        if let version = read.analysis?.version { out.append(contentsOf: String(version).utf8) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","from":""#.utf8)
        read.range.fromTimestamp.appendRFC3339(to: &out)
        out.append(contentsOf: #"","to":""#.utf8)
        read.range.toTimestamp.appendRFC3339(to: &out)
        out.append(contentsOf: #"","status":""#.utf8)
        out.append(contentsOf: status(of: read).rawValue.utf8)
        out.append(contentsOf: #"","annotations":["#.utf8)
        var first = true
        for window in read.windows {
            for document in window.documents where filter.groupFilters.isEmpty || filter.matches(document.group) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out.append(contentsOf: document.bytes)
            }
        }
        out.append(contentsOf: #"],"missing":["#.utf8)
        for (index, range) in read.missing.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"from":""#.utf8)
            range.fromTimestamp.appendRFC3339(to: &out)
            out.append(contentsOf: #"","to":""#.utf8)
            range.toTimestamp.appendRFC3339(to: &out)
            out.append(contentsOf: #""}"#.utf8)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}
