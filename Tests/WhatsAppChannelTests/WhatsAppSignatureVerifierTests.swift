import Foundation
import Testing

@testable import WhatsAppChannel

@Suite struct WhatsAppSignatureVerifierTests {
    let verifier = WhatsAppSignatureVerifier(appSecret: WhatsAppFixtures.vectorSecret)
    let body = Data(WhatsAppFixtures.vectorBody.utf8)

    @Test func acceptsThePlatformsVector() throws {
        #expect(body.count == 499)
        try verifier.verify(signatureHeader: WhatsAppFixtures.vectorSignature, body: body)
        #expect(verifier.signatureHeader(for: body) == WhatsAppFixtures.vectorSignature)
    }

    @Test func acceptsUppercaseHexAndSurroundingSpace() throws {
        let upper = "sha256=" + WhatsAppFixtures.vectorSignature.dropFirst(7).uppercased()
        try verifier.verify(signatureHeader: " \(upper) ", body: body)
    }

    @Test func rejectsABodyWithOneByteAltered() {
        var altered = body
        altered[altered.count - 10] ^= 0x01
        #expect(throws: WhatsAppError.self) {
            try verifier.verify(signatureHeader: WhatsAppFixtures.vectorSignature, body: altered)
        }
        #expect(
            code { try verifier.verify(signatureHeader: WhatsAppFixtures.vectorSignature, body: altered) }
                == .signatureMismatch)
    }

    @Test func rejectsAWrongSecret() {
        let wrong = WhatsAppSignatureVerifier(appSecret: "test_app_secreT")
        #expect(
            code { try wrong.verify(signatureHeader: WhatsAppFixtures.vectorSignature, body: body) }
                == .signatureMismatch)
    }

    @Test(arguments: [
        (String?.none, WhatsAppError.Code.signatureMissing),
        ("", .signatureMissing),
        ("   ", .signatureMissing),
        ("sha1=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42", .signaturePrefixInvalid),
        ("ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42", .signaturePrefixInvalid),
        ("SHA256=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42", .signaturePrefixInvalid),
        ("sha256=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d4", .signatureLengthInvalid),
        ("sha256=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d4200", .signatureLengthInvalid),
        ("sha256=", .signatureLengthInvalid),
        ("sha256=zed1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42", .signatureNotHex),
        ("sha256=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d4g", .signatureNotHex),
        ("sha256=0000000000000000000000000000000000000000000000000000000000000000", .signatureMismatch),
    ])
    func rejectsMalformedHeadersWithDistinctCodes(header: String?, expected: WhatsAppError.Code) {
        #expect(code { try verifier.verify(signatureHeader: header, body: body) } == expected)
    }

    @Test func neverPrintsTheSecret() {
        #expect(!"\(verifier)".contains(WhatsAppFixtures.vectorSecret))
    }
}

/// The code of the `WhatsAppError` thrown by `body`, or `nil` if it did not throw.
func code(_ body: () throws -> Void) -> WhatsAppError.Code? {
    do {
        try body()
        return nil
    } catch let error as WhatsAppError {
        return error.code
    } catch {
        Issue.record("threw a \(type(of: error)), not a WhatsAppError")
        return nil
    }
}
