import Testing
@testable import SluiceJSON

@Suite struct ValueTests {
    @Test func accessorsReturnTypedValuesOrNil() {
        let value: JSONValue = ["s": "x", "i": 3, "d": 2.5, "b": true, "n": nil, "a": [1, 2], "o": ["k": "v"]]
        #expect(value["s"]?.string == "x")
        #expect(value["i"]?.int64 == 3)
        #expect(value["i"]?.int == 3)
        #expect(value["d"]?.double == 2.5)
        #expect(value["d"]?.int64 == nil)
        #expect(value["b"]?.bool == true)
        #expect(value["n"]?.isNull == true)
        #expect(value["a"]?[1] == 2)
        #expect(value["a"]?[2] == nil)
        #expect(value["a"]?[-1] == nil)
        #expect(value["o"]?["k"]?.string == "v")
        #expect(value["o"]?.object?.count == 1)
        #expect(value["missing"] == nil)
        #expect(value["s"]?.int64 == nil)
        #expect(value[0] == nil)
        #expect(JSONValue.string("x")["k"] == nil)
        #expect(value["a"]?.array == [1, 2])
        #expect(value.kindName == "object")
    }

    @Test func numbersCompareAndHashByValue() throws {
        let one = try JSONParser.parse("1")
        let oneDouble = try JSONParser.parse("1.0")
        let oneExp = try JSONParser.parse("1e0")
        #expect(one == oneDouble)
        #expect(one == oneExp)
        #expect(one.hashValue == oneDouble.hashValue)
        #expect(Set([one, oneDouble, oneExp]).count == 1)
        #expect(JSONNumber(Int64(1) << 60) == JSONNumber(Double(1 << 60)))
        #expect(JSONNumber(Int64.max) != JSONNumber(9_223_372_036_854_775_807.0))  // 2^63 is not Int64.max
        #expect(JSONNumber(0.0) == JSONNumber(-0.0))
        #expect(JSONNumber(1.5) != JSONNumber(1))
        #expect(JSONNumber(exactly: .nan) == nil)
        #expect(JSONNumber(exactly: .infinity) == nil)
    }

    @Test func objectsCompareRegardlessOfOrderAndHashConsistently() throws {
        let a = try JSONParser.parse(#"{"x":1,"y":[1,2]}"#)
        let b = try JSONParser.parse(#"{"y":[1.0,2],"x":1}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(try JSONParser.parse("[1,2]") != JSONParser.parse("[2,1]"))
        #expect(try JSONParser.parse(#"{"x":1}"#) != JSONParser.parse(#"{"x":1,"y":2}"#))
    }

    @Test func objectMutationKeepsOrderAndIndex() {
        var object = JSONObject()
        for index in 0..<20 { object["k\(index)"] = .number(JSONNumber(index)) }
        #expect(object.count == 20)
        object["k5"] = "five"
        #expect(object.keys[5] == "k5")
        #expect(object["k5"] == "five")
        object["k0"] = nil
        #expect(object.count == 19)
        #expect(object.keys.first == "k1")
        #expect(object["k19"] == 19)
        #expect(object.position(of: "k19") == 18)
        object["new"] = true
        #expect(object.keys.last == "new")
        #expect(object["new"] == true)
        let members = object.map(\.key)
        #expect(members == object.keys)
    }
}
