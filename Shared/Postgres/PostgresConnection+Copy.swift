import CLibPQ

extension PostgresConnection {
    /// Bulk-loads rows with `COPY table (columns) FROM STDIN` in text format: the fast path
    /// for many rows. Each row holds one value per column, in order; `nil` optionals are NULL.
    /// Tabs, newlines, carriage returns and backslashes in values are escaped.
    ///
    /// Runs in the caller's transaction if one is open; the load is all-or-nothing.
    /// - Returns: The number of rows copied.
    /// - Throws: `PostgresError`: `.invalidArgument` for a row of the wrong width (the COPY
    ///   is aborted), `.server` for values the server rejects.
    @discardableResult
    public func copyIn(
        table: PostgresIdentifier, columns: [PostgresIdentifier], rows: some Sequence<[any PostgresEncodable]>
    ) throws -> Int {
        let handle = try liveHandle()
        let columnList = columns.map(\.quoted).joined(separator: ", ")
        let start = PQexec(handle, "COPY \(table.quoted) (\(columnList)) FROM STDIN")
        try check(start, accepting: [PGRES_COPY_IN])
        PQclear(start)

        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.copyChunkSize + 4096)
        var failure: PostgresError?
        rowLoop: for row in rows {
            guard row.count == columns.count else {
                failure = PostgresError(
                    kind: .invalidArgument, message: "COPY row has \(row.count) values for \(columns.count) columns")
                break rowLoop
            }
            for (index, value) in row.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: "\t")) }
                PostgresCopyText.appendField(value.postgresText, to: &buffer)
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= Self.copyChunkSize {
                if let error = putCopyData(handle, &buffer) {
                    failure = error
                    break rowLoop
                }
            }
        }
        if failure == nil, let error = putCopyData(handle, &buffer) { failure = error }
        let endStatus = PQputCopyEnd(handle, failure == nil ? nil : "aborted by client")
        // Drain every result; the first tells how COPY ended.
        var outcome: PostgresError?
        var copied = 0
        var sawResult = false
        while let result = PQgetResult(handle) {
            if !sawResult {
                sawResult = true
                if PQresultStatus(result) == PGRES_COMMAND_OK {
                    copied = Int(String(cString: PQcmdTuples(result))) ?? 0
                } else if failure == nil {
                    outcome = error(from: result)
                }
            }
            PQclear(result)
        }
        if let failure { throw failure }
        if let outcome { throw outcome }
        if endStatus != 1 || !sawResult { throw connectionError(fallback: "COPY did not complete") }
        return copied
    }

    private static let copyChunkSize = 256 * 1024

    private func putCopyData(_ handle: OpaquePointer, _ buffer: inout [UInt8]) -> PostgresError? {
        guard !buffer.isEmpty else { return nil }
        let status = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        buffer.removeAll(keepingCapacity: true)
        return status == 1 ? nil : connectionError(fallback: "COPY data could not be sent")
    }
}

/// COPY's text format: fields separated by tabs, rows by newlines, `\N` for NULL, and
/// backslash escapes for backslash, tab, newline and carriage return.
enum PostgresCopyText {
    static func appendField(_ text: String?, to buffer: inout [UInt8]) {
        guard let text else {
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(UInt8(ascii: "N"))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\t"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "t"))
            case UInt8(ascii: "\n"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "r"))
            default: buffer.append(byte)
            }
        }
    }
}
