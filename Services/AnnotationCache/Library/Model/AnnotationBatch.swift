import SluiceJSON

/// The body of `PUT /v1/annotations/{analysis}`, parsed. Accepted shapes:
///
///     [ {annotation}, ... ]
///     {"annotations": [ ... ], "emptyWindows": [{"windowStart", "windowEnd", "version"}],
///      "topic": "page_view", "ttlSeconds": 3600}
///
/// `emptyWindows` declares windows that were computed and hold no document (an analysis with
/// groupBy and no events), so they are not reported missing. `topic` names the analysed topic
/// (read keys scoped to it may read the analysis). `ttlSeconds` sets the analysis's TTL (0: none).
public struct AnnotationBatch: Sendable {
    public var analysis: String
    public var documents: [AnnotationDocument]
    public var emptyWindows: [ComputedWindow]
    public var topic: String?
    public var ttlSeconds: Int64?

    /// A computed window and the analysis version that computed it.
    public struct ComputedWindow: Sendable, Hashable {
        public var start: Timestamp
        public var end: Timestamp
        public var version: Int64
    }

    /// The most documents one batch may carry.
    public static let maximumDocuments = 10_000

    public init(json: JSONValue, analysis: String) throws(BatchError) {
        self.analysis = analysis
        var items: [JSONValue]
        var prefix = "$"
        emptyWindows = []
        switch json {
        case .array(let array):
            items = array
        case .object(let object):
            prefix = "$.annotations"
            guard let list = object["annotations"]?.array ?? (object["emptyWindows"] != nil ? [] : nil) else {
                throw BatchError(path: "$.annotations", message: "expected an array of annotations")
            }
            items = list
            topic = object["topic"]?.string
            if let ttl = object["ttlSeconds"] {
                guard let seconds = ttl.int64, seconds >= 0 else {
                    throw BatchError(path: "$.ttlSeconds", message: "expected an integer >= 0")
                }
                ttlSeconds = seconds
            }
            for (index, window) in (object["emptyWindows"]?.array ?? []).enumerated() {
                let path = "$.emptyWindows[\(index)]"
                let start = try AnnotationDocument.timestamp(window["windowStart"], path: "\(path).windowStart")
                let end = try AnnotationDocument.timestamp(window["windowEnd"], path: "\(path).windowEnd")
                guard let version = window["version"]?.int64, version >= 1 else {
                    throw BatchError(path: "\(path).version", message: "expected an integer version >= 1")
                }
                guard end > start else { throw BatchError(path: "\(path).windowEnd", message: "must be after windowStart") }
                emptyWindows.append(ComputedWindow(start: start, end: end, version: version))
            }
        default:
            throw BatchError(path: "$", message: "expected an array of annotations or an object, found \(json.kindName)")
        }
        guard items.count <= Self.maximumDocuments else {
            throw BatchError(path: prefix, message: "at most \(Self.maximumDocuments) annotations per batch")
        }
        var documents: [AnnotationDocument] = []
        documents.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            documents.append(try AnnotationDocument(json: item, analysis: analysis, path: "\(prefix)[\(index)]"))
        }
        self.documents = documents
        try checkWindowSize()
    }

    /// The window length every document and empty window of the batch shares.
    public var windowMicroseconds: Int64? {
        if let first = documents.first { return first.windowEnd.microsecondsSinceEpoch - first.windowStart.microsecondsSinceEpoch }
        if let first = emptyWindows.first { return first.end.microsecondsSinceEpoch - first.start.microsecondsSinceEpoch }
        return nil
    }

    private func checkWindowSize() throws(BatchError) {
        guard let length = windowMicroseconds else { return }
        for (index, document) in documents.enumerated()
        where document.windowEnd.microsecondsSinceEpoch - document.windowStart.microsecondsSinceEpoch != length
            || document.windowStart.microsecondsSinceEpoch % length != 0
        {
            throw BatchError(
                path: "$[\(index)].windowEnd", message: "every window of an analysis has the same length, aligned to it")
        }
    }

    /// The highest version per window start (documents and empty windows together).
    var versionByWindow: [Int64: Int64] {
        var versions: [Int64: Int64] = [:]
        for document in documents {
            versions[document.windowStart.microsecondsSinceEpoch] = max(
                versions[document.windowStart.microsecondsSinceEpoch] ?? 0, document.version)
        }
        for window in emptyWindows {
            versions[window.start.microsecondsSinceEpoch] = max(versions[window.start.microsecondsSinceEpoch] ?? 0, window.version)
        }
        return versions
    }
}
