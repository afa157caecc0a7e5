import Foundation

extension UUID: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresDataType { .uuid }
    public var postgresText: String? { uuidString.lowercased() }
    public init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) {
        guard type == .uuid || type.isTextual, let value = UUID(uuidString: text) else {
            throw PostgresDecodingFailure("not a uuid")
        }
        self = value
    }
}
