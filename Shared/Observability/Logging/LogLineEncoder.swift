import SluiceJSON

/// Turns a `LogRecord` into one line of JSON (without the newline).
enum LogLineEncoder {
    static func encode(_ record: LogRecord) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + record.message.utf8.count)
        out.append(contentsOf: #"{"time":""#.utf8)
        out.append(contentsOf: ISO8601Micros.format(micros: record.timestampMicros).utf8)
        out.append(contentsOf: #"","level":""#.utf8)
        out.append(contentsOf: record.level.description.utf8)
        out.append(contentsOf: #"","service":"#.utf8)
        JSONSerializer.appendString(record.service, to: &out)
        out.append(contentsOf: #","msg":"#.utf8)
        JSONSerializer.appendString(record.message, to: &out)
        if let traceID = record.traceID {
            out.append(contentsOf: #","trace_id":"#.utf8)
            JSONSerializer.appendString(traceID, to: &out)
        }
        for (key, value) in record.metadata {
            out.append(UInt8(ascii: ","))
            JSONSerializer.appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONSerializer.appendString(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
