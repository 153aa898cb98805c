import ArgumentParser
import Foundation
import Privacy

/// `switchboard erase --subject ID --reason TEXT`: crypto-shred a data subject (GDPR art. 17).
struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Erase a data subject: delete its key, record subject.erased; its sealed data reads as erased.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The pseudonymous subject id (s_ and 32 hex digits).")
    var subject: String
    @Option(help: "Why (a ticket or request reference; no personal data).")
    var reason: String
    @Option(help: "Who asks, for the audit trail.")
    var by = "cli"

    func validate() throws {
        guard SubjectPseudonym.isValid(subject) else { throw ValidationError("--subject must be s_ followed by 32 lowercase hex digits") }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty, reason.count <= SubjectEraser.maximumTextLength else {
            throw ValidationError("--reason must be 1–\(SubjectEraser.maximumTextLength) characters")
        }
    }

    func run() async throws {
        let erasure = try await OperatorSession.with(database) { session in
            try await SubjectEraser(keyring: session.keyring, eventLog: session.log).erase(subject: subject, reason: reason, requestedBy: by)
        }
        print(
            erasure.wasAlreadyErased
                ? "erase: \(subject) was already erased (event at position \(erasure.eventPosition))"
                : "erase: \(subject) erased; subject.erased recorded at position \(erasure.eventPosition)")
    }
}

/// `switchboard export --subject ID`: everything held about a data subject, as JSON (GDPR art. 15, 20).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export everything held about a data subject as JSON.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The pseudonymous subject id (s_ and 32 hex digits).")
    var subject: String
    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func validate() throws {
        guard SubjectPseudonym.isValid(subject) else { throw ValidationError("--subject must be s_ followed by 32 lowercase hex digits") }
    }

    func run() async throws {
        let data = try await OperatorSession.with(database) { session in
            try await SubjectExport(eventLog: session.log, keyring: session.keyring).json(subject: subject)
        }
        if let output {
            try data.write(to: URL(fileURLWithPath: output))
            printError("export: wrote \(data.count) bytes to \(output)")
        } else {
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }
}
