/// The `format` values a schema may use. Unlike plain JSON Schema, where `format` is only an
/// annotation by default, Sluice validates every one of them.
public enum SchemaFormat: String, Sendable, Hashable, CaseIterable {
    /// RFC 3339 date-time, checked with SluiceJSON's `Timestamp` (strict: offset required).
    case dateTime = "date-time"
    /// RFC 3339 full-date `YYYY-MM-DD`, a real calendar day.
    case date
    /// A pragmatic address check: `local@domain`, see `FormatCheck.isEmail`.
    case email
    /// RFC 9562 textual UUID `8-4-4-4-12` hex digits, any case.
    case uuid
    /// An absolute URI (RFC 3986): a scheme, `:`, then characters allowed in a URI.
    case uri
}
