import Foundation

extension UUID {
    /// The canonical text of the UUID (8-4-4-4-12 hexadecimal digits), the same as `uuidString`
    /// (uppercase) or `uuidString.lowercased()`. Foundation's `uuidString` formats each byte with
    /// `snprintf` on Linux; ids are written into every payload, stored message and row key, so this
    /// writes the 36 bytes directly.
    public func text(uppercase: Bool = false) -> String {
        let digits: StaticString = uppercase ? "0123456789ABCDEF" : "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                digits.withUTF8Buffer { hex in
                    var at = 0
                    for (index, byte) in bytes.enumerated() {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            out[at] = UInt8(ascii: "-")
                            at += 1
                        }
                        out[at] = hex[Int(byte >> 4)]
                        out[at + 1] = hex[Int(byte & 0x0F)]
                        at += 2
                    }
                    return at
                }
            }
        }
    }
}
