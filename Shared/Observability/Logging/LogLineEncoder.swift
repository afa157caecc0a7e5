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
        JSONStringWriter.write(record.service, into: &out)
        out.append(contentsOf: #","msg":"#.utf8)
        JSONStringWriter.write(record.message, into: &out)
        if let traceID = record.traceID {
            out.append(contentsOf: #","trace_id":"#.utf8)
            JSONStringWriter.write(traceID, into: &out)
        }
        for (key, value) in record.metadata {
            out.append(UInt8(ascii: ","))
            JSONStringWriter.write(key, into: &out)
            out.append(UInt8(ascii: ":"))
            JSONStringWriter.write(value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
