import Foundation

/// One WhatsApp Cloud API phone number in `channels.whatsapp`.
///
/// ```yaml
/// - account: "106540352242922"      # the phone number id
///   app_secret: ${WHATSAPP_APP_SECRET}       # signs webhooks (X-Hub-Signature-256)
///   verify_token: ${WHATSAPP_VERIFY_TOKEN}   # answers the GET verification
///   access_token: ${WHATSAPP_ACCESS_TOKEN}   # sends messages
///   api_base_url: https://graph.facebook.com
///   api_version: v21.0
/// ```
public struct WhatsAppAccountConfiguration: Sendable {
    public var account: String
    public var appSecret: String
    public var verifyToken: String
    public var accessToken: String
    public var apiBaseURL: URL
    public var apiVersion: String
    public var allowedSources: [IPAddressRange]

    public init(
        account: String, appSecret: String, verifyToken: String, accessToken: String,
        apiBaseURL: URL = URL(string: "https://graph.facebook.com")!, apiVersion: String = "v21.0",
        allowedSources: [IPAddressRange] = []
    ) {
        self.account = account
        self.appSecret = appSecret
        self.verifyToken = verifyToken
        self.accessToken = accessToken
        self.apiBaseURL = apiBaseURL
        self.apiVersion = apiVersion
        self.allowedSources = allowedSources
    }

    init(_ node: ConfigurationNode) throws(GatewayConfigurationError) {
        try node.requireMapping(allowed: [
            "account", "app_secret", "verify_token", "access_token", "api_base_url", "api_version", "allowed_ips",
        ])
        account = try node.child("account").requiredString()
        appSecret = try node.child("app_secret").requiredString()
        verifyToken = try node.child("verify_token").requiredString()
        accessToken = try node.child("access_token").requiredString()
        apiBaseURL = try node.child("api_base_url").url() ?? URL(string: "https://graph.facebook.com")!
        apiVersion = try node.child("api_version").string() ?? "v21.0"
        allowedSources = try IPAddressRange.list(node.child("allowed_ips"))
    }
}
