extension FakeWhatsAppCloudAPI {
    /// How the WhatsApp fake behaves; defaults suit unit tests.
    public struct Configuration: Sendable {
        /// The access token clients must send as `Authorization: Bearer <token>`.
        public var accessToken: String
        /// The business phone number id in `/<version>/<phone_number_id>/messages`.
        public var phoneNumberID: String
        /// Text body limit (`text.body`), in characters.
        public var maximumTextLength: Int
        /// When true, a non-template send to a `wa_id` without an open 24-hour window
        /// (see `openCustomerServiceWindow`) answers 131047, as the real API can.
        public var enforcesCustomerServiceWindow: Bool

        /// Creates a configuration; every parameter has a test-friendly default.
        public init(
            accessToken: String = "EAAFakeWhatsAppTokenForSwitchboardTests",
            phoneNumberID: String = "106540352242922",
            maximumTextLength: Int = 4096,
            enforcesCustomerServiceWindow: Bool = false
        ) {
            self.accessToken = accessToken
            self.phoneNumberID = phoneNumberID
            self.maximumTextLength = maximumTextLength
            self.enforcesCustomerServiceWindow = enforcesCustomerServiceWindow
        }
    }
}
