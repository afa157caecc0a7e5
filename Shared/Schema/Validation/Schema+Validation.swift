import SluiceJSON

extension Schema {
    /// Validates an event's `data` against this schema.
    ///
    /// Runs on the ingest hot path: no work is done per keyword the schema does not use,
    /// patterns are precompiled, declared properties are found through a dictionary, and
    /// paths are only turned into strings when an issue or unknown field is reported. A valid
    /// event with no unknown fields costs one small allocation (the path stack).
    ///
    /// - Parameters:
    ///   - data: the value to check (normally an object).
    ///   - maxIssues: the most errors (and, separately, unknown fields) to report;
    ///     default `ValidationResult.defaultMaxIssues` (100).
    public func validate(_ data: JSONValue, maxIssues: Int = ValidationResult.defaultMaxIssues) -> ValidationResult {
        var validator = Validator(maxIssues: max(0, maxIssues))
        validator.validate(data, against: root)
        return ValidationResult(
            errors: validator.issues, isTruncated: validator.isTruncated, unknownFields: validator.unknownFields)
    }
}
