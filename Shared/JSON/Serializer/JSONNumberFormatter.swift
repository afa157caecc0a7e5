/// Writes numbers in the one spelling SluiceJSON uses everywhere (compact, pretty and canonical):
///
/// - Integral values within `Int64` (whether stored as `Int64` or `Double`) as plain decimal
///   integers: `1`, `1.0` and `1e0` all become `1`; `1e2` becomes `100`; `-0.0` becomes `0`.
/// - Every other double as ECMAScript's `Number.prototype.toString` does (which is what
///   RFC 8785 JCS prescribes): the shortest digits that round-trip, positional notation for
///   decimal exponents in -6 ..< 21, otherwise `d.ddde±x` (`1.5e+300`, `1e-7`).
///
/// This equals JCS output for every double, except integral doubles of magnitude 2^53 ... 2^63,
/// which JCS rounds to the shortest round-tripping digits followed by zeros (2^60 becomes
/// `1152921504606847000`) while we write the exact integer (`1152921504606846976`), so that
/// an `Int64` and an equal `Double` have one canonical spelling. Both parse to the same double.
enum JSONNumberFormatter {
    static func append(_ number: JSONNumber, to buffer: inout [UInt8]) {
        switch number.storage {
        case .int(let value):
            appendInteger(value, to: &buffer)
        case .double(let value):
            if let exact = Int64(exactly: value) {
                appendInteger(exact, to: &buffer)
            } else {
                appendECMAScript(value, to: &buffer)
            }
        }
    }

    static func appendInteger(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, enough for 20 digits
        withUnsafeMutableBytes(of: &digits) { scratch in
            var start = scratch.count
            while magnitude > 0 {
                start -= 1
                scratch[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[start...]))
        }
    }

    /// Formats a finite, non-integral-or-huge double per ECMA-262 Number::toString.
    static func appendECMAScript(_ value: Double, to buffer: inout [UInt8]) {
        // Swift's description is the shortest round-trip representation (closest on ties);
        // we only re-layout its digits and exponent.
        let text = value.magnitude.description
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var pointPosition = -1
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                }
            case UInt8(ascii: "."): pointPosition = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-"): exponentSign = -1
            default: break  // '+'
            }
        }
        if pointPosition < 0 { pointPosition = digits.count }
        // value = 0.<digits> x 10^n once leading zeros are dropped.
        var n = pointPosition + exponentSign * exponent
        var first = 0
        while first < digits.count && digits[first] == UInt8(ascii: "0") {
            first += 1
            n -= 1
        }
        var last = digits.count
        while last > first && digits[last - 1] == UInt8(ascii: "0") { last -= 1 }
        let significant = digits[first..<last]
        let k = significant.count
        guard k > 0 else {
            buffer.append(UInt8(ascii: "0"))
            return
        }
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        if k <= n && n <= 21 {
            buffer.append(contentsOf: significant)
            buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            buffer.append(contentsOf: significant.prefix(n))
            buffer.append(UInt8(ascii: "."))
            buffer.append(contentsOf: significant.dropFirst(n))
        } else if -6 < n && n <= 0 {
            buffer.append(UInt8(ascii: "0"))
            buffer.append(UInt8(ascii: "."))
            buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            buffer.append(contentsOf: significant)
        } else {
            buffer.append(significant[first])
            if k > 1 {
                buffer.append(UInt8(ascii: "."))
                buffer.append(contentsOf: significant.dropFirst())
            }
            buffer.append(UInt8(ascii: "e"))
            let e = n - 1
            buffer.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            appendInteger(Int64(e.magnitude), to: &buffer)
        }
    }
}
