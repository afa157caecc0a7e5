/// A configuration value that cannot be used. Its description is the one line a service
/// prints before it exits: the variable, the value, and what is expected.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    public let variable: String
    public let value: String
    public let expected: String

    public init(variable: String, value: String, expected: String) {
        self.variable = variable
        self.value = value
        self.expected = expected
    }

    public var description: String { "invalid configuration: \(variable)=\"\(value)\": expected \(expected)" }
}
