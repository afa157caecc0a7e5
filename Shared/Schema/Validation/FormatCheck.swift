import SluiceJSON

/// The checks behind `format`. Each returns nil when the text is valid, else the message.
enum FormatCheck {
    static func problem(_ text: String, format: SchemaFormat) -> String? {
        switch format {
        case .dateTime:
            do throws(TimestampParseError) {
                _ = try Timestamp(rfc3339: text)
                return nil
            } catch {
                return "must be an RFC 3339 date-time: \(error.description)"
            }
        case .date:
            do throws(TimestampParseError) {
                _ = try CalendarDate(iso8601: text)
                return nil
            } catch {
                return "must be a date (YYYY-MM-DD): \(error.description)"
            }
        case .email: return isEmail(text) ? nil : "must be an email address (local@domain)"
        case .uuid: return isUUID(text) ? nil : "must be a UUID (8-4-4-4-12 hexadecimal digits)"
        case .uri: return isURI(text) ? nil : "must be an absolute URI (scheme:...)"
        }
    }

    /// `local@domain` (RFC 5321 without quoted local parts or address literals): the local
    /// part is dot-separated atoms of letters, digits and ``!#$%&'*+-/=?^_`{|}~`` (at most 64
    /// characters); the domain is dot-separated hostname labels (letters, digits, inner
    /// hyphens, 1–63 each, 253 in all). ASCII only.
    static func isEmail(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, isDotAtoms(local) else { return false }
        return isHostname(domain)
    }

    private static let atomSpecials = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    private static func isDotAtoms(_ bytes: ArraySlice<UInt8>) -> Bool {
        var previousWasDot = true
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if previousWasDot { return false }
                previousWasDot = true
            } else if isAlphanumeric(byte) || atomSpecials.contains(byte) {
                previousWasDot = false
            } else {
                return false
            }
        }
        return !previousWasDot
    }

    private static func isHostname(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                label.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        return true
    }

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hexadecimal digits in either case.
    static func isUUID(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            if count == 8 || count == 13 || count == 18 || count == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard isHexDigit(byte) else { return false }
            }
            count += 1
            if count > 36 { return false }
        }
        return count == 36
    }

    /// An absolute URI as RFC 3986 spells one: `scheme ":" rest`, the scheme a letter followed by
    /// letters, digits, `+`, `-` or `.`; the rest only characters a URI may contain
    /// (unreserved, reserved, `%` followed by two hex digits). No spaces, no raw non-ASCII.
    static func isURI(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, isLetter(bytes[0]) else { return false }
        for byte in bytes[1..<colon] {
            guard isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            else { return false }
        }
        var position = colon + 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "%") {
                guard position + 2 < bytes.count, isHexDigit(bytes[position + 1]), isHexDigit(bytes[position + 2])
                else { return false }
                position += 3
                continue
            }
            guard isAlphanumeric(byte) || uriSymbols.contains(byte) else { return false }
            position += 1
        }
        return true
    }

    /// RFC 3986 unreserved and reserved symbols.
    private static let uriSymbols = Set("-._~:/?#[]@!$&'()*+,;=".utf8)

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
    }
}
