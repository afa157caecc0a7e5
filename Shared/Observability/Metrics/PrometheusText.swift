/// Writers for the Prometheus text exposition format 0.0.4.
enum PrometheusText {
    static func header(name: String, help: String, type: String, into out: inout String) {
        out += "# HELP \(name) \(escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    static func sample(name: String, labelNames: [String], labels: [String], value: Double, into out: inout String) {
        out += name
        if !labelNames.isEmpty {
            out += "{"
            for (index, label) in labelNames.enumerated() {
                if index > 0 { out += "," }
                out += label + "=\"" + escapeLabelValue(labels[index]) + "\""
            }
            out += "}"
        }
        out += " " + format(value) + "\n"
    }

    /// Integral values without a fraction, `+Inf`, `-Inf`, `NaN` as Prometheus spells them.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func escapeLabelValue(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var out = ""
        for char in value {
            switch char {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(char)
            }
        }
        return out
    }

    static func escapeHelp(_ help: String) -> String {
        help.replacingBackslashAndNewline()
    }
}

extension String {
    fileprivate func replacingBackslashAndNewline() -> String {
        var out = ""
        for char in self {
            switch char {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(char)
            }
        }
        return out
    }
}
