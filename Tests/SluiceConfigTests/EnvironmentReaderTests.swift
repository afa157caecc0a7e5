import Testing
@testable import SluiceConfig

@Suite struct EnvironmentReaderTests {
    @Test func defaultsApplyWhenUnsetOrEmpty() throws {
        let env = EnvironmentReader(["EMPTY": ""])
        #expect(try env.integer("PORT", default: 8080, range: 1...65535) == 8080)
        #expect(try env.integer("EMPTY", default: 7, range: 1...10) == 7)
        #expect(try env.flag("X", default: true))
    }

    @Test func integersAreRangeChecked() throws {
        #expect(try EnvironmentReader(["PORT": "9000"]).integer("PORT", default: 1, range: 1...65535) == 9000)
        let error = #expect(throws: ConfigurationError.self) {
            try EnvironmentReader(["PORT": "70000"]).integer("PORT", default: 1, range: 1...65535)
        }
        #expect(error?.description == #"invalid configuration: PORT="70000": expected an integer from 1 to 65535"#)
        #expect(throws: ConfigurationError.self) {
            try EnvironmentReader(["PORT": "80a"]).integer("PORT", default: 1, range: 1...65535)
        }
    }

    @Test func secondsAcceptDecimals() throws {
        #expect(try EnvironmentReader(["T": "0.5"]).seconds("T", default: 1, range: 0.001...3600) == 0.5)
        #expect(throws: ConfigurationError.self) {
            try EnvironmentReader(["T": "-1"]).seconds("T", default: 1, range: 0.001...3600)
        }
        #expect(throws: ConfigurationError.self) {
            try EnvironmentReader(["T": "inf"]).seconds("T", default: 1, range: 0.001...3600)
        }
    }

    @Test func flagsAndChoices() throws {
        #expect(try EnvironmentReader(["F": "off"]).flag("F", default: true) == false)
        #expect(throws: ConfigurationError.self) { try EnvironmentReader(["F": "maybe"]).flag("F", default: true) }
        #expect(try EnvironmentReader(["L": "debug"]).choice("L", default: "info", among: ["debug", "info"]) == "debug")
        #expect(throws: ConfigurationError.self) {
            try EnvironmentReader(["L": "loud"]).choice("L", default: "info", among: ["debug", "info"])
        }
    }

    @Test func urlsAreChecked() throws {
        let env = EnvironmentReader(["A": "http://analytics:8081/", "B": "ftp://x", "C": "http://h:99999"])
        #expect(try env.httpURL("A", default: "") == "http://analytics:8081")
        #expect(throws: ConfigurationError.self) { try env.httpURL("B", default: "") }
        #expect(throws: ConfigurationError.self) { try env.httpURL("C", default: "") }
        #expect(try env.httpURL("UNSET", default: "http://127.0.0.1:8082") == "http://127.0.0.1:8082")
    }

    @Test func databaseURLErrorsNeverEchoTheValue() {
        let error = #expect(throws: ConfigurationError.self) {
            try EnvironmentReader(["DATABASE_URL": "mysql://u:secret@h/db"]).postgresURL("DATABASE_URL", default: "")
        }
        #expect(error?.description.contains("secret") == false)
        #expect(error?.description.contains("DATABASE_URL") == true)
    }
}
