import Foundation

/// Picks fields out of a JSON response by dotted paths (`booking.id`, `items.0.name`) into output
/// slots. Missing fields are left out; numbers, booleans and strings become text; objects and arrays
/// become their JSON.
enum JSONResponseMapping {
    static func extract(_ mapping: [String: String], from body: Data) -> [String: String] {
        guard !mapping.isEmpty, let root = try? JSONDecoder().decode(ResponseJSON.self, from: body) else { return [:] }
        var outputs: [String: String] = [:]
        for (slot, path) in mapping {
            if let value = root.value(at: path)?.text { outputs[slot] = value }
        }
        return outputs
    }
}
