import Testing

@testable import SluiceSchema

@Suite("Compatibility modes")
struct CompatibilityModeTests {
    @Test func parsesNamesCaseInsensitively() {
        #expect(CompatibilityMode(name: "backward") == .backward)
        #expect(CompatibilityMode(name: "Forward") == .forward)
        #expect(CompatibilityMode(name: " FULL ") == .full)
        #expect(CompatibilityMode(name: "backward_transitive") == .backwardTransitive)
        #expect(CompatibilityMode(name: "Forward_Transitive") == .forwardTransitive)
        #expect(CompatibilityMode(name: "full_TRANSITIVE") == .fullTransitive)
        #expect(CompatibilityMode(name: "none") == CompatibilityMode.none)
        #expect(CompatibilityMode(name: "sideways") == nil)
        #expect(CompatibilityMode(name: "") == nil)
        #expect(CompatibilityMode.default == .backward)
    }

    @Test func canonicalNamesAreUpperCase() {
        #expect(CompatibilityMode.allCases.map(\.name) == [
            "BACKWARD", "FORWARD", "FULL", "BACKWARD_TRANSITIVE", "FORWARD_TRANSITIVE", "FULL_TRANSITIVE", "NONE",
        ])
        for mode in CompatibilityMode.allCases {
            #expect(CompatibilityMode(name: mode.name.lowercased()) == mode)
            #expect(mode.description == mode.name)
        }
    }
}
