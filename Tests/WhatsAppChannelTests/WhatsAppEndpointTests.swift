import Foundation
import Testing

@testable import WhatsAppChannel

@Suite struct WhatsAppEndpointTests {
    @Test func joinsTheMessagesPathToTheGraphAPI() throws {
        let endpoint = try WhatsAppEndpoint(phoneNumberID: "106540352242922", accessToken: "EAAJB-token")
        #expect(endpoint.messagesURL.absoluteString == "https://graph.facebook.com/v21.0/106540352242922/messages")
        #expect(endpoint.authorizationHeaderValue == "Bearer EAAJB-token")
        #expect(endpoint.headers == ["Authorization": "Bearer EAAJB-token", "Content-Type": "application/json"])
    }

    @Test func keepsAFakesBasePath() throws {
        let endpoint = try WhatsAppEndpoint(
            baseURL: URL(string: "http://127.0.0.1:18080/graph/")!, apiVersion: "v19.0", phoneNumberID: "111",
            accessToken: "t")
        #expect(endpoint.messagesURL.absoluteString == "http://127.0.0.1:18080/graph/v19.0/111/messages")
    }

    @Test func neverPrintsTheToken() throws {
        let endpoint = try WhatsAppEndpoint(phoneNumberID: "111", accessToken: "EAAJBsecret")
        #expect(!"\(endpoint)".contains("EAAJBsecret"))
        #expect("\(endpoint)".contains("111/messages"))
    }

    @Test(arguments: [
        ("ftp://graph.facebook.com", "v21.0", "111", "EAAJBsecret", "base_url"),
        ("https://graph.facebook.com?x=1", "v21.0", "111", "EAAJBsecret", "base_url"),
        ("https://graph.facebook.com", "21.0", "111", "EAAJBsecret", "api_version"),
        ("https://graph.facebook.com", "v21", "111", "EAAJBsecret", "api_version"),
        ("https://graph.facebook.com", "v21.0/x", "111", "EAAJBsecret", "api_version"),
        ("https://graph.facebook.com", "v21.0", "", "EAAJBsecret", "phone_number_id"),
        ("https://graph.facebook.com", "v21.0", "111/../x", "EAAJBsecret", "phone_number_id"),
        ("https://graph.facebook.com", "v21.0", "111", "", "access_token"),
        ("https://graph.facebook.com", "v21.0", "111", "tok\r\nX-Injected: 1", "access_token"),
    ])
    func namesTheBadConfigurationKey(base: String, version: String, phone: String, token: String, key: String) {
        do {
            _ = try WhatsAppEndpoint(
                baseURL: URL(string: base)!, apiVersion: version, phoneNumberID: phone, accessToken: token)
            Issue.record("accepted a bad \(key)")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.field == key)
            #expect(token.isEmpty || !"\(error)".contains(token))
        }
    }
}
