import Foundation
import Testing

@testable import TelegramChannel

@Suite struct TelegramResponseTests {
    static let sent = """
        {"ok":true,"result":{"message_id":1207,"from":{"id":7000000001,"is_bot":true,"first_name":"Switchboard",\
        "username":"SwitchboardBot"},"chat":{"id":5212345678,"first_name":"Ana","type":"private"},\
        "date":1749417200,"text":"Orders ship within 2 days."}}
        """

    func failure(_ body: String, status: Int) throws -> TelegramAPIFailure {
        let response = try TelegramResponse<TelegramMessage>.parse(body: Data(body.utf8), httpStatus: status)
        guard case .failure(let failure) = response else {
            Issue.record("expected a failure, got \(response)")
            throw TelegramError(code: .malformedResponse, message: "not a failure")
        }
        return failure
    }

    @Test func sendMessageSuccessGivesTheMessageID() throws {
        let response = try TelegramResponse<TelegramMessage>.parse(body: Data(Self.sent.utf8))
        #expect(response.sentMessageID == 1207)
    }

    @Test func answerCallbackQueryAndGetUpdatesResults() throws {
        #expect(try TelegramResponse<Bool>.parse(body: Data(#"{"ok":true,"result":true}"#.utf8)) == .success(true))
        let updates = "{\"ok\":true,\"result\":[\(TelegramFixtures.privateText),\(TelegramFixtures.sticker)]}"
        let response = try TelegramResponse<[TelegramUpdate]>.parse(body: Data(updates.utf8))
        guard case .success(let list) = response else {
            Issue.record("expected updates")
            return
        }
        #expect(list.map(\.updateID) == [912_345_601, 912_345_613])
        #expect(
            TelegramUpdateParser.parse(update: list[1], botUsername: "SwitchboardBot")
                == .unsupported(updateID: 912_345_613, kind: "sticker"))
    }

    @Test func rateLimitedCarriesRetryAfter() throws {
        let failure = try failure(
            #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}"#,
            status: 429)
        #expect(failure.reason == .rateLimited)
        #expect(failure.retryAfter == .seconds(5))
        #expect(failure.isRetryable)
        #expect(failure.errorCode == 429)
    }

    @Test func rateLimitedWithoutParametersReadsTheDescription() throws {
        let failure = try failure(
            #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 17"}"#, status: 429)
        #expect(failure.retryAfter == .seconds(17))
    }

    @Test(arguments: [
        (403, "Forbidden: bot was blocked by the user", TelegramAPIFailure.Reason.blockedByUser),
        (403, "Forbidden: bot was kicked from the group chat", .forbidden),
        (400, "Bad Request: chat not found", .chatNotFound),
        (400, "Bad Request: message is too long", .messageTooLong),
        (400, "Bad Request: message text is empty", .badRequest),
        (401, "Unauthorized", .unauthorized),
        (
            409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
            .conflict
        ),
        (500, "Internal Server Error", .serverError),
        (502, "Bad Gateway", .serverError),
        (404, "Not Found", .other),
    ])
    func classifiesErrors(_ code: Int, _ description: String, _ reason: TelegramAPIFailure.Reason) throws {
        let body = #"{"ok":false,"error_code":\#(code),"description":"\#(description)"}"#
        let failure = try failure(body, status: code)
        #expect(failure.reason == reason)
        #expect(failure.platformDescription == description)
        #expect(failure.isRetryable == (reason == .serverError))
        #expect(failure.retryAfter == nil)
    }

    @Test func migratedGroupCarriesTheNewChatID() throws {
        let failure = try failure(
            #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890}}"#,
            status: 400)
        #expect(failure.reason == .chatMigrated)
        #expect(failure.migrateToChatID == -1_001_234_567_890)
        #expect(!failure.isRetryable)
    }

    @Test func nonEnvelopeErrorBodyClassifiesByHTTPStatus() throws {
        let failure = try failure("<html><body>502 Bad Gateway</body></html>", status: 502)
        #expect(failure.reason == .serverError)
        #expect(failure.errorCode == 502)
        #expect(failure.isRetryable)
        #expect(try self.failure("", status: 429).reason == .rateLimited)
    }

    @Test(arguments: [
        "<html>ok</html>", #"{"ok":true}"#, #"{"result":{}}"#, #"{"ok":true,"result":{"message_id":1}}"#,
    ])
    func malformedSuccessBodiesThrow(_ body: String) {
        let error = #expect(throws: TelegramError.self) {
            try TelegramResponse<TelegramMessage>.parse(body: Data(body.utf8), httpStatus: 200)
        }
        #expect(error?.code == .malformedResponse)
    }
}
