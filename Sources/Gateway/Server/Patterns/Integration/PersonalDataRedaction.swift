import Foundation

/// Removes sealed personal fields from an event payload before it leaves Switchboard: a member
/// whose value is a sealed field (`{"sealed", "subject", "v"}`) is dropped, a sealed element of an
/// array becomes null, and the paths removed are listed so the receiver knows what is missing. Pure.
enum PersonalDataRedaction {
    /// The payload without its sealed fields, and the paths (`message.text`, `buttons[0].title`) removed.
    static func redact(_ payload: Any) -> (payload: Any, removed: [String]) {
        var removed: [String] = []
        let result = redact(payload, path: "", removed: &removed)
        return (result ?? NSNull(), removed.sorted())
    }

    /// Nil when `node` itself is a sealed field.
    private static func redact(_ node: Any, path: String, removed: inout [String]) -> Any? {
        if let object = node as? [String: Any] {
            if isSealedField(object) {
                removed.append(path)
                return nil
            }
            var kept: [String: Any] = [:]
            for (key, value) in object {
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if let redacted = redact(value, path: childPath, removed: &removed) { kept[key] = redacted }
            }
            return kept
        }
        if let array = node as? [Any] {
            return array.enumerated().map { index, value in redact(value, path: "\(path)[\(index)]", removed: &removed) ?? NSNull() }
        }
        return node
    }

    /// The shape ``Privacy/SealedField`` encodes to.
    static func isSealedField(_ object: [String: Any]) -> Bool {
        object.count == 3 && object["sealed"] is String && object["subject"] is String && object["v"] != nil
    }
}
