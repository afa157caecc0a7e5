import Testing
@testable import SluiceJSON

@Suite struct JSONPathTests {
    @Test func rendersIdentifiersIndexesAndQuotedKeys() {
        let path = JSONPath.root.appending("data").appending("items").appending(3).appending("name")
        #expect(path.description == "$.data.items[3].name")
        #expect(path.jsonPointer == "/data/items/3/name")
        #expect(JSONPath.root.description == "$")
        #expect(JSONPath.root.jsonPointer == "")
        #expect(JSONPath.root.appending("user id").description == "$['user id']")
        #expect(JSONPath.root.appending("it's").appending("a\\b").description == #"$['it\'s']['a\\b']"#)
        #expect(JSONPath.root.appending("1st").description == "$['1st']")
        #expect(JSONPath.root.appending("_ok9").description == "$._ok9")
        #expect(JSONPath.root.appending("").description == "$['']")
        #expect(JSONPath.root.appending("é").description == "$['é']")
        #expect(JSONPath.root.appending("a\nb").description == #"$['a\nb']"#)
        #expect(JSONPath.root.appending("a/b~c").jsonPointer == "/a~1b~0c")
    }

    @Test func looksUpValues() throws {
        let value = try JSONParser.parse(#"{"data":{"items":[{"name":"x"},{"name":"y"}]}}"#)
        let path = JSONPath.root.appending("data").appending("items").appending(1).appending("name")
        #expect(value[path: path] == "y")
        #expect(value[path: .root] == value)
        #expect(value[path: JSONPath.root.appending("data").appending(0)] == nil)
    }
}
