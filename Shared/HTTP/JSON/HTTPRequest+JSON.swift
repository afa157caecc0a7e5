import SluiceHTTPCore
import SluiceJSON

extension HTTPRequest {
    /// The body as a JSON value. Throws 415 unless the Content-Type is JSON
    /// (`application/json` or any `+json` type), and 400 naming the byte offset when the
    /// body is not well-formed JSON (invalid UTF-8 and excessive nesting included).
    public func jsonBody(limits: JSONParser.Limits = .default) throws -> JSONValue {
        try requireJSONContentType()
        do {
            return try JSONParser(limits: limits).parse(body)
        } catch {
            throw HTTPError(
                .badRequest, detail: "malformed JSON: \(error.description)", type: ProblemType.malformedJSON,
                errors: [ProblemDetails.FieldError(path: "$", message: error.message)])
        }
    }

    /// Decodes the JSON body into `T`; a value of the wrong shape is 422 naming the path.
    public func decodeJSON<T: Decodable>(_ type: T.Type, limits: JSONParser.Limits = .default) throws -> T {
        let value = try jsonBody(limits: limits)
        do {
            return try JSONValueDecoder().decode(type, from: value)
        } catch let error as DecodingError {
            throw HTTPError(
                .unprocessableContent, detail: "the request body does not have the expected shape",
                type: ProblemType.validation,
                errors: [ProblemDetails.FieldError(path: error.jsonPath.description, message: error.jsonMessage)])
        }
    }

    /// Throws 415 unless the Content-Type is `application/json` or a `+json` type.
    public func requireJSONContentType() throws {
        guard let contentType = headers["Content-Type"] else {
            throw HTTPError(.unsupportedMediaType, detail: "send the body as application/json")
        }
        let mediaType = contentType.split(separator: ";", maxSplits: 1)[0].trimmingSpaces.lowercased()
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        else {
            throw HTTPError(.unsupportedMediaType, detail: "send the body as application/json, not \(mediaType)")
        }
    }

    /// The decoded query parameters (`a=1&b=x%20y`), in order; `+` is a space.
    public var queryItems: [(name: String, value: String)] {
        guard let query else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0]) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentDecoding.decode(parts[1]) ?? String(parts[1])) : ""
            return (name: name, value: value)
        }
    }

    /// The first value of query parameter `name`.
    public func query(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }
}

extension HTTPResponse {
    /// A JSON response from a JSON value.
    public static func json(_ value: JSONValue, status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        return HTTPResponse(status: status, headers: headers, body: JSONSerializer.serialize(value))
    }

    /// A JSON response from an `Encodable` value.
    public static func json<T: Encodable>(encoding value: T, status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders()) throws
        -> HTTPResponse
    {
        json(try JSONValueEncoder().encode(value), status: status, headers: headers)
    }
}

/// The `type` URIs of Sluice's problem documents (RFC 9457 section 3.1.1).
public enum ProblemType {
    public static let malformedJSON = "urn:sluice:problem:malformed-json"
    public static let validation = "urn:sluice:problem:validation"
    public static let unavailable = "urn:sluice:problem:unavailable"
}

/// `%XX` decoding for query strings (`+` means space there).
enum PercentDecoding {
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var slice = self
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
