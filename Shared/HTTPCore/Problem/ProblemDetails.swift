/// An RFC 9457 problem: the body of every error response, served as
/// `application/problem+json`.
public struct ProblemDetails: Sendable, Equatable {
    /// One fault in a request body, named by its JSON path (e.g. `$.events[2].time`).
    public struct FieldError: Sendable, Equatable {
        public var path: String
        public var message: String
        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }
    }

    /// A value of an extension member.
    public enum Member: Sendable, Equatable {
        case string(String)
        case int(Int)
        case bool(Bool)
    }

    /// A URI naming the problem kind; "about:blank" when the status says it all.
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var instance: String?
    /// Validation faults; omitted from the JSON when empty.
    public var errors: [FieldError]
    /// Extension members, written after the standard ones in this order.
    public var extensions: [(name: String, value: Member)]

    public init(
        type: String = "about:blank", title: String, status: Int, detail: String? = nil, instance: String? = nil,
        errors: [FieldError] = [], extensions: [(name: String, value: Member)] = []
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.errors = errors
        self.extensions = extensions
    }

    /// A problem whose title is the status's reason phrase.
    public init(status: HTTPStatus, detail: String? = nil, type: String = "about:blank") {
        self.init(type: type, title: status.reasonPhrase, status: status.code, detail: detail)
    }

    public static func == (lhs: ProblemDetails, rhs: ProblemDetails) -> Bool {
        lhs.type == rhs.type && lhs.title == rhs.title && lhs.status == rhs.status && lhs.detail == rhs.detail
            && lhs.instance == rhs.instance && lhs.errors == rhs.errors
            && lhs.extensions.map(\.name) == rhs.extensions.map(\.name)
            && lhs.extensions.map(\.value) == rhs.extensions.map(\.value)
    }

    /// The JSON document, as UTF-8 bytes.
    public func json() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        out.append(UInt8(ascii: "{"))
        JSONEscaping.appendMember("type", string: type, to: &out, first: true)
        JSONEscaping.appendMember("title", string: title, to: &out)
        JSONEscaping.appendKey("status", to: &out)
        out.append(contentsOf: String(status).utf8)
        if let detail { JSONEscaping.appendMember("detail", string: detail, to: &out) }
        if let instance { JSONEscaping.appendMember("instance", string: instance, to: &out) }
        if !errors.isEmpty {
            JSONEscaping.appendKey("errors", to: &out)
            out.append(UInt8(ascii: "["))
            for (index, error) in errors.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "{"))
                JSONEscaping.appendMember("path", string: error.path, to: &out, first: true)
                JSONEscaping.appendMember("message", string: error.message, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        for (name, value) in extensions {
            switch value {
            case .string(let text): JSONEscaping.appendMember(name, string: text, to: &out)
            case .int(let number):
                JSONEscaping.appendKey(name, to: &out)
                out.append(contentsOf: String(number).utf8)
            case .bool(let flag):
                JSONEscaping.appendKey(name, to: &out)
                out.append(contentsOf: (flag ? "true" : "false").utf8)
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
