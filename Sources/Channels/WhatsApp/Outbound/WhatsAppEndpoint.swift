import Foundation

/// Where and as whom to send for one business phone number: `POST <base>/<version>/<phone_number_id>/messages`
/// with `Authorization: Bearer <token>`. The base URL is configurable so a local fake can stand in
/// for graph.facebook.com.
public struct WhatsAppEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The real Graph API host.
    public static let graphAPIBaseURL = URL(string: "https://graph.facebook.com")!
    /// The Graph API version used unless configured otherwise.
    public static let defaultAPIVersion = "v21.0"

    public let baseURL: URL
    /// `v<major>.<minor>`, for example `v21.0`.
    public let apiVersion: String
    /// The business phone number id (digits), the channel account.
    public let phoneNumberID: String
    private let accessToken: String

    /// Validates every part; a `WhatsAppError` with code `invalidConfiguration` names the bad key
    /// (`base_url`, `api_version`, `phone_number_id`, `access_token`) without echoing the token.
    public init(
        baseURL: URL = WhatsAppEndpoint.graphAPIBaseURL, apiVersion: String = WhatsAppEndpoint.defaultAPIVersion,
        phoneNumberID: String, accessToken: String
    ) throws(WhatsAppError) {
        guard let scheme = baseURL.scheme?.lowercased(), scheme == "https" || scheme == "http",
            baseURL.host?.isEmpty == false, baseURL.query == nil
        else {
            throw WhatsAppError(
                code: .invalidConfiguration, message: "the base URL must be an http(s) URL with a host and no query",
                field: "base_url")
        }
        let versionParts = apiVersion.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard apiVersion.hasPrefix("v"), versionParts.count == 2,
            versionParts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else {
            throw WhatsAppError(
                code: .invalidConfiguration, message: "the API version must look like v21.0", field: "api_version")
        }
        guard !phoneNumberID.isEmpty, phoneNumberID.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw WhatsAppError(
                code: .invalidConfiguration, message: "the phone number id must be digits", field: "phone_number_id")
        }
        guard !accessToken.isEmpty,
            accessToken.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw WhatsAppError(
                code: .invalidConfiguration,
                message: "the access token must be non-empty printable ASCII without spaces", field: "access_token")
        }
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.phoneNumberID = phoneNumberID
        self.accessToken = accessToken
    }

    /// `<base>/<version>/<phone_number_id>/messages`, keeping any path the base URL already has.
    public var messagesURL: URL {
        baseURL.appendingPathComponent(apiVersion).appendingPathComponent(phoneNumberID)
            .appendingPathComponent("messages")
    }

    /// The `Authorization` header value: `Bearer <token>`. Never log it.
    public var authorizationHeaderValue: String { "Bearer \(accessToken)" }

    /// The headers every send carries.
    public var headers: [String: String] {
        ["Authorization": authorizationHeaderValue, "Content-Type": "application/json"]
    }

    /// Never prints the token.
    public var description: String {
        "WhatsAppEndpoint(\(messagesURL.absoluteString), accessToken: <redacted>)"
    }
}
