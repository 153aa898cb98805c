/// Writes strings as JSON string literals, for code that builds small JSON documents by hand where
/// an encoder would cost more than the document (event metadata, stored context messages, ``JSONValue/jsonText``).
public enum JSONStringLiteral {
    /// Appends `value` as a JSON string literal, quotes included (in one piece when nothing needs
    /// escaping, as for pseudonyms and ids), escaped as `JSONEncoder` escapes it (slashes unescaped).
    public static func append(_ value: String, to out: inout String) {
        out += "\""
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{8}": out += "\\b"
                case "\u{C}": out += "\\f"
                case _ where scalar.value < 0x20:
                    out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
