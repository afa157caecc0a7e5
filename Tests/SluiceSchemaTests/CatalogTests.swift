import SluiceJSON
import Testing

@testable import SluiceSchema

@Suite("Field catalog")
struct CatalogTests {
    let schema: Schema

    init() throws {
        schema = try SluiceSchemaTests.schema(#"""
            {"type":"object","required":["user","amount"],"properties":{
              "user":{"type":"object","description":"who did it","required":["id"],"properties":{
                 "id":{"type":"string","format":"uuid","description":"user id"},
                 "age":{"type":["integer","null"],"description":"age in years"}}},
              "amount":{"type":"number"},
              "tags":{"type":"array","items":{"type":"string"}},
              "note":{}}}
            """#)
    }

    @Test func fieldLookup() throws {
        let age = try #require(schema.field(at: ["user", "age"]))
        #expect(age.types == [.integer])
        #expect(age.isNullable)
        #expect(age.isNumeric)
        #expect(!age.isRequired)
        #expect(age.description == "age in years")
        #expect(age.pathString == "$.user.age")
        let id = try #require(schema.field(at: ["user", "id"]))
        #expect(id.types == [.string] && !id.isNullable && !id.isNumeric && id.isRequired && id.format == .uuid)
        let amount = try #require(schema.field(at: ["amount"]))
        #expect(amount.isNumeric && amount.isRequired && amount.isLeaf)
        let note = try #require(schema.field(at: ["note"]))
        #expect(note.types.isEmpty && note.isNullable && !note.isNumeric)
        let user = try #require(schema.field(at: ["user"]))
        #expect(!user.isLeaf && user.types == [.object] && user.description == "who did it")
        #expect(schema.field(at: ["user", "nope"]) == nil)
        #expect(schema.field(at: ["amount", "x"]) == nil)
        #expect(schema.field(at: []) == nil)
    }

    @Test func leafFieldsWithTypes() {
        #expect(schema.leafFields.map(\.pathString) == ["$.user.id", "$.user.age", "$.amount", "$.tags", "$.note"])
        #expect(schema.leafFields.map(\.types) == [[.string], [.integer], [.number], [.array], []])
        #expect(schema.fields.map(\.pathString) == ["$.user", "$.user.id", "$.user.age", "$.amount", "$.tags", "$.note"])
    }
}
