import Yams

/// A YAML node together with the key path that led to it, so every read can fail with the file,
/// the path and the reason.
struct DefinitionNode {
    let node: Node
    let path: String
    let file: String

    var line: Int? { node.mark.map { $0.line } }

    func error(_ code: AgentDefinitionError.Code, _ reason: String, at path: String? = nil) -> AgentDefinitionError {
        AgentDefinitionError(code: code, file: file, keyPath: path ?? self.path, reason: reason, line: line)
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The mapping's keys, rejecting any not in `allowed` (catches typos such as `exmaples`).
    func requireKeys(allowed: Set<String>) throws {
        guard let mapping = node.mapping else { throw error(.wrongType, "expected a mapping") }
        for key in mapping.keys {
            guard let name = key.scalar?.string else { throw error(.wrongType, "keys must be strings") }
            if !allowed.contains(name) {
                throw error(.unknownKey, "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))", at: childPath(name))
            }
        }
    }

    func optional(_ key: String) throws -> DefinitionNode? {
        guard let mapping = node.mapping else { throw error(.wrongType, "expected a mapping") }
        guard let child = mapping[key] else { return nil }
        if case .scalar(let scalar) = child, scalar.style == .plain, child.null != nil {
            return nil
        }
        return DefinitionNode(node: child, path: childPath(key), file: file)
    }

    func required(_ key: String) throws -> DefinitionNode {
        guard let child = try optional(key) else { throw error(.missingKey, "required key is missing", at: childPath(key)) }
        return child
    }

    func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error(.wrongType, "expected a text value") }
        return scalar.string
    }

    func nonEmptyString() throws -> String {
        let value = try string()
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw error(.invalidValue, "must not be empty") }
        return value
    }

    func double() throws -> Double {
        guard let value = Double(try string().trimmingCharacters(in: .whitespaces)) else { throw error(.wrongType, "expected a number") }
        return value
    }

    func int() throws -> Int {
        guard let value = Int(try string().trimmingCharacters(in: .whitespaces)) else { throw error(.wrongType, "expected a whole number") }
        return value
    }

    func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(.wrongType, "expected true or false")
        }
    }

    func enumeration<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) throws -> Value where Value.RawValue == String {
        let raw = try string()
        guard let value = Value(rawValue: raw) else {
            throw error(.invalidValue, "'\(raw)' is not one of \(Value.allCases.map(\.rawValue).joined(separator: " | "))")
        }
        return value
    }

    func elements() throws -> [DefinitionNode] {
        guard case .sequence(let sequence) = node else { throw error(.wrongType, "expected a list") }
        return sequence.enumerated().map { index, child in DefinitionNode(node: child, path: "\(path)[\(index)]", file: file) }
    }

    func strings() throws -> [String] {
        try elements().map { try $0.nonEmptyString() }
    }

    /// A mapping's entries in document order.
    func entries() throws -> [(key: String, value: DefinitionNode)] {
        guard let mapping = node.mapping else { throw error(.wrongType, "expected a mapping") }
        return try mapping.map { key, value in
            guard let name = key.scalar?.string else { throw error(.wrongType, "keys must be strings") }
            return (name, DefinitionNode(node: value, path: childPath(name), file: file))
        }
    }
}
