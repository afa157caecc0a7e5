/// A location inside a JSON document, for error reports: `$.data.items[3].name`.
///
/// Validators build one as they descend (`path.appending("items").appending(3)`). The
/// `description` uses RFC 9535 normalized-path style: `.name` for keys that are identifiers
/// (ASCII letter or `_`, then letters, digits or `_`), `['key']` for all others, with `'` and
/// `\` escaped. `jsonPointer` gives the RFC 6901 form (`/data/items/3/name`).
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step: an object key or an array index.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The steps from the root.
    public var components: [Component]

    /// The document root, `$`.
    public static let root = JSONPath(components: [])

    public init(components: [Component] = []) {
        self.components = components
    }

    /// The path of a Codable coding path: array positions (from `JSONValueDecoder`/`Encoder`,
    /// or Foundation's "Index n" keys) become indexes, every other key a member name.
    public init(codingPath: [any CodingKey]) {
        components = codingPath.map { key in
            if let index = key.intValue, key is JSONCodingKey || key.stringValue == "Index \(index)" {
                return .index(index)
            }
            return .key(key.stringValue)
        }
    }

    /// This path followed by an object key.
    public func appending(_ key: String) -> JSONPath {
        var copy = self
        copy.components.append(.key(key))
        return copy
    }

    /// This path followed by an array index.
    public func appending(_ index: Int) -> JSONPath {
        var copy = self
        copy.components.append(.index(index))
        return copy
    }

    /// `$`, `$.data.user_id`, `$.items[3]`, `$['user id']`.
    public var description: String {
        var text = "$"
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where Self.isIdentifier(key):
                text += "." + key
            case .key(let key):
                text += "['"
                for scalar in key.unicodeScalars {
                    switch scalar {
                    case "'": text += "\\'"
                    case "\\": text += "\\\\"
                    case "\n": text += "\\n"
                    case "\r": text += "\\r"
                    case "\t": text += "\\t"
                    case "\u{08}": text += "\\b"
                    case "\u{0C}": text += "\\f"
                    case _ where scalar.value < 0x20:
                        let hex = String(scalar.value, radix: 16)
                        text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    default: text.unicodeScalars.append(scalar)
                    }
                }
                text += "']"
            }
        }
        return text
    }

    /// The RFC 6901 JSON Pointer: `""` for the root, `/data/items/3/name`, with `~` as `~0`
    /// and `/` as `~1`.
    public var jsonPointer: String {
        var text = ""
        for component in components {
            text += "/"
            switch component {
            case .index(let index): text += String(index)
            case .key(let key): text += key.replacingTildeAndSlash()
            }
        }
        return text
    }

    static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return key.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
}

extension String {
    fileprivate func replacingTildeAndSlash() -> String {
        var result = ""
        for character in self {
            switch character {
            case "~": result += "~0"
            case "/": result += "~1"
            default: result.append(character)
            }
        }
        return result
    }
}
