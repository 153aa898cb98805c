import Privacy

extension UniversalMessage {
    /// Opens every sealed part with the keyring. A part whose subject was erased opens to `.erased`
    /// rather than failing, so replays of old conversations still work.
    /// - Throws: `PrivacyError` `.authenticationFailed` for an altered field, `.unknownSubject` when the
    ///   key store does not belong to this log; ``MessagingError`` `.invalidSealedValue` when a sealed
    ///   coordinate is not a number.
    public func unsealed(using keyring: SubjectKeyring) async throws -> UnsealedMessage {
        func open(_ field: SealedField) async throws -> UnsealedValue {
            try await keyring.unseal(field)
        }
        func openIfPresent(_ field: SealedField?) async throws -> UnsealedValue? {
            guard let field else { return nil }
            return try await keyring.unseal(field)
        }
        func openCoordinate(_ field: SealedField, _ key: String) async throws -> UnsealedValue {
            let value = try await keyring.unseal(field)
            if case .plaintext(let text) = value, Double(text) == nil {
                throw MessagingError(
                    code: .invalidSealedValue,
                    message: "a sealed coordinate does not hold a number",
                    field: "location.\(key)"
                )
            }
            return value
        }

        var openedAttachments: [UnsealedAttachment] = []
        openedAttachments.reserveCapacity(attachments.count)
        for attachment in attachments {
            openedAttachments.append(
                UnsealedAttachment(attachment: attachment, caption: try await openIfPresent(attachment.caption))
            )
        }
        var openedLocation: UnsealedLocation?
        if let location {
            openedLocation = UnsealedLocation(
                latitude: try await openCoordinate(location.latitude, "latitude"),
                longitude: try await openCoordinate(location.longitude, "longitude"),
                name: try await openIfPresent(location.name),
                address: try await openIfPresent(location.address)
            )
        }
        return UnsealedMessage(
            message: self,
            platformChatID: try await open(platformChatID),
            senderPlatformUserID: try await open(sender.platformUserID),
            senderDisplayName: try await openIfPresent(sender.displayName),
            text: try await openIfPresent(text),
            attachments: openedAttachments,
            interactiveReplyTitle: try await openIfPresent(interactiveReply?.title),
            location: openedLocation
        )
    }
}
