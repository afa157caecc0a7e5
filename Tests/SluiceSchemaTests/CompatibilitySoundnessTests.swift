import SluiceJSON
import Testing

@testable import SluiceSchema

/// Checks the promise behind every "compatible" answer: when `canRead` finds nothing, every
/// document the writer accepts, the reader accepts too. Runs all pairs of a set of field
/// schemas against a pool of sample values that exercises each keyword's edges.
@Suite("Compatibility soundness")
struct CompatibilitySoundnessTests {
    static let bodies: [String] = [
        "", #""type":"string""#, #""type":["string","null"]"#, #""type":"integer""#, #""type":"number""#,
        #""type":["integer","null"]"#, #""type":"boolean""#, #""type":"null""#, #""type":"array""#, #""type":"object""#,
        #""enum":["a","ab"]"#, #""enum":["a"]"#, #""enum":[1,"a",null]"#, #""const":"a""#, #""const":1"#,
        #""type":"string","enum":["a","b"]"#, #""minimum":0"#, #""minimum":1"#, #""exclusiveMinimum":0"#,
        #""maximum":5"#, #""exclusiveMaximum":5"#, #""type":"integer","minimum":0,"maximum":5"#,
        #""minLength":1"#, #""minLength":2"#, #""maxLength":1"#, #""type":"string","maxLength":2"#,
        #""pattern":"^a""#, #""pattern":"b""#, #""format":"date""#, #""type":"string","format":"uuid""#,
        #""minItems":1"#, #""maxItems":1"#, #""items":{"type":"string"}"#, #""items":{"type":"integer"}"#,
        #""type":"array","items":{"type":["string","null"]}"#,
        #""properties":{"x":{"type":"integer"}}"#, #""properties":{"x":{"type":"number"}}"#,
        #""properties":{"x":{}},"required":["x"]"#, #""properties":{"x":{}},"additionalProperties":false"#,
        #""additionalProperties":false"#, #""additionalProperties":{"type":"string"}"#,
        #""type":"object","properties":{"y":{"type":"string"}},"additionalProperties":{"type":"integer"}"#,
        #""type":"array","items":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"]}"#,
        #""items":{"properties":{"x":{"minimum":0}}}"#, #""type":["object","null"],"properties":{"x":{"type":"string"}}"#,
        #""exclusiveMinimum":1"#, #""maximum":5.5"#, #""enum":[1,1.5,5]"#, #""const":null"#,
        #""type":"integer","exclusiveMaximum":6"#, #""type":"number","minimum":-1,"exclusiveMaximum":5.5"#,
        #""properties":{"x":{"type":["integer","null"]}},"additionalProperties":false"#,
        #""type":"object","additionalProperties":{"type":["string","null"]}"#,
    ]

    static let samples: [String] = [
        "null", "true", "false", "0", "-1", "1", "1.0", "1.5", "5", "5.5", "6", "\"\"", "\"a\"", "\"ab\"", "\"abc\"",
        "\"b\"", "\"ba\"", "\"2026-03-02\"", "\"123e4567-e89b-12d3-a456-426614174000\"", "[]", "[\"a\"]", "[1]",
        "[1,2]", "[null]", "[\"a\",\"b\"]", "{}", "{\"x\":1}", "{\"x\":1.5}", "{\"x\":\"s\"}", "{\"y\":\"s\"}",
        "{\"y\":1}", "{\"z\":2}", "{\"x\":1,\"z\":\"t\"}", "{\"y\":\"s\",\"z\":3}", "{\"x\":null}", "{\"x\":-1}",
        "2", "-0.5", "[{\"x\":1}]", "[{\"x\":-1}]", "[{}]", "[{\"x\":\"s\"}]", "[[]]",
    ]

    @Test func compatibleMeansEveryWriterDocumentIsReadable() throws {
        let schemas = try Self.bodies.map { body in try objectSchema(#""f":{\#(body)}"#) }
        let documents = try Self.samples.map { try json(#"{"f":\#($0)}"#) }
        var compatiblePairs = 0
        var incompatiblePairs = 0
        for (readerIndex, reader) in schemas.enumerated() {
            for (writerIndex, writer) in schemas.enumerated() {
                let found = Compatibility.canRead(reader: reader, readerVersion: 2, writer: writer, writerVersion: 1)
                guard found.isEmpty else {
                    incompatiblePairs += 1
                    continue
                }
                compatiblePairs += 1
                for (sampleIndex, document) in documents.enumerated()
                where writer.validate(document).isValid && !reader.validate(document).isValid {
                    Issue.record(
                        "reader {\(Self.bodies[readerIndex])} was called able to read writer {\(Self.bodies[writerIndex])}, but rejects \(Self.samples[sampleIndex])")
                }
            }
        }
        #expect(compatiblePairs >= Self.bodies.count)  // at least every schema with itself
        #expect(incompatiblePairs > 0)
    }

    /// No false alarm on re-registering the same contract: each schema reads itself.
    @Test func everySchemaCanReadItself() throws {
        for body in Self.bodies {
            let schema = try objectSchema(#""f":{\#(body)}"#)
            #expect(Compatibility.check(new: schema, previous: [schema], mode: .fullTransitive).isEmpty, "\(body)")
        }
    }
}
