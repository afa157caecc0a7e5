import SluiceEventLog

/// `TopicName(_:)` under a name that does not clash with other modules' topic types.
enum TopicNameParser {
    static func parse(_ text: String) -> SluiceEventLog.TopicName? { SluiceEventLog.TopicName(text) }
}
