import Foundation
import JSONValues

/// Any JSON value, for the parts of a request we pass through without modelling them
/// (template `components`) and for the request bodies themselves (the project's one JSON value type).
public typealias WhatsAppJSONValue = JSONValues.JSONValue

extension JSONValue {
    /// Decodes JSON text, for example template components kept in configuration.
    public init(jsonData: Data) throws(WhatsAppError) {
        do {
            self = try JSONValue(utf8: jsonData)
        } catch {
            throw WhatsAppError(code: .invalidValue, message: "the text is not valid JSON")
        }
    }
}
