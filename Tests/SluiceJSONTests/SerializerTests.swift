import Foundation
import Testing
@testable import SluiceJSON

@Suite struct SerializerTests {
    func compact(_ value: JSONValue) -> String {
        String(decoding: JSONSerializer.serialize(value), as: UTF8.self)
    }

    @Test func writesCompactForm() {
        let value: JSONValue = ["a": [1, 2.5, nil, true, false], "b": ["c": "d"], "e": [], "f": [:]]
        #expect(compact(value) == #"{"a":[1,2.5,null,true,false],"b":{"c":"d"},"e":[],"f":{}}"#)
        #expect(value.description == compact(value))
    }

    @Test func escapesStrings() {
        #expect(compact("plain") == #""plain""#)
        #expect(compact("q\"b\\s/") == #""q\"b\\s/""#)
        #expect(compact("\u{8}\u{9}\u{a}\u{c}\u{d}") == #""\b\t\n\f\r""#)
        #expect(compact("\u{0}\u{1f}\u{7f}") == "\"\\u0000\\u001f\u{7f}\"")
        #expect(compact("é€😀\u{2028}") == "\"é€😀\u{2028}\"")
    }

    @Test func appendsToExistingBuffer() {
        var buffer = Array("prefix:".utf8)
        JSONSerializer.append(["k": 1], to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"prefix:{"k":1}"#)
    }

    @Test func roundTripsThroughParser() throws {
        let documents = [
            #"{"events":[{"id":"e1","time":"2026-03-02T14:00:00Z","data":{"n":-12,"x":0.5,"s":"a\"\\\n\u0001é😀"}}]}"#,
            #"[null,true,false,0,-0.001,1e-7,1.5e+300,123456789012345678,"",[],{}]"#,
            #"{"nested":{"a":[[[{"b":null}]]]}}"#,
        ]
        for text in documents {
            let value = try JSONParser.parse(text)
            let written = JSONSerializer.serialize(value)
            #expect(try JSONParser.parse(written) == value)
            // Serialization is a fixed point after one pass.
            #expect(JSONSerializer.serialize(try JSONParser.parse(written)) == written)
            // And pretty output parses back to the same value.
            #expect(try JSONParser.parse(JSONSerializer.pretty(value)) == value)
        }
    }

    @Test func outputIsReadableByFoundation() throws {
        let value: JSONValue = ["s": "é\n\u{1}", "n": 1.25, "a": [1, nil]]
        let object = try JSONSerialization.jsonObject(with: Data(JSONSerializer.serialize(value))) as? [String: Any]
        #expect(object?["s"] as? String == "é\n\u{1}")
        #expect(object?["n"] as? Double == 1.25)
    }

    @Test func writesPrettyForm() {
        let value: JSONValue = ["a": [1, 2], "b": [:], "c": ["d": nil]]
        #expect(JSONSerializer.pretty(value) == """
            {
              "a": [
                1,
                2
              ],
              "b": {},
              "c": {
                "d": null
              }
            }
            """)
        #expect(JSONSerializer.pretty([]) == "[]")
    }
}
