import SluiceJSON
import Testing

@testable import SluiceSchema

/// Parses JSON text (test fixtures are written as JSON, as producers send them).
func json(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text)
}

/// A schema from JSON text; fails the test when it is refused.
func schema(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Schema {
    let value = try json(text)
    do {
        return try Schema.parse(value)
    } catch {
        Issue.record("schema refused: \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// An object schema with the given `properties` body (JSON text of the members).
func objectSchema(_ properties: String, extra: String = "") throws -> Schema {
    try schema(#"{"type":"object","properties":{\#(properties)}\#(extra.isEmpty ? "" : "," + extra)}"#)
}

/// The problems a refused schema reports; empty when it is accepted.
func problems(_ text: String, limits: SchemaLimits = .default) throws -> [SchemaProblem] {
    let value = try json(text)
    do {
        _ = try Schema.parse(value, limits: limits)
        return []
    } catch {
        return error.problems
    }
}

/// The problems of an object schema whose only property `f` has the given schema body.
func fieldProblems(_ body: String) throws -> [SchemaProblem] {
    try problems(#"{"type":"object","properties":{"f":{\#(body)}}}"#)
}

/// Validation errors as `path: message` strings.
func errors(_ schema: Schema, _ dataText: String) throws -> [String] {
    schema.validate(try json(dataText)).errors.map(\.description)
}
