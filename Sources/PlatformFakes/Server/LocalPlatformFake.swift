import Foundation
import Hummingbird
import NIOCore

/// A fake platform served over HTTP on loopback: it provides its routes, and gets `start()`,
/// `stop()` and `buildApplication(...)` from this protocol, so every fake is run the same way.
public protocol LocalPlatformFake: Sendable {
    /// Runs the fake's application in the background; owned by the fake.
    var server: FakeServerRunner { get }
    /// The router with the platform's routes, for embedding in another application.
    func buildRouter() -> Router<BasicRequestContext>
}

extension LocalPlatformFake {
    /// Starts serving on 127.0.0.1 with a free port and returns the base URL (`http://127.0.0.1:<port>`).
    public func start() async throws -> URL {
        try await server.start { configuration, onServerRunning in
            self.buildApplication(configuration: configuration, onServerRunning: onServerRunning)
        }
    }

    /// Stops the server started by `start()` and waits for it to close.
    public func stop() async {
        await server.stop()
    }

    /// The application serving this fake, for `app.test(.live)` or a custom run.
    public func buildApplication(
        configuration: ApplicationConfiguration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(router: buildRouter(), configuration: configuration, onServerRunning: onServerRunning)
    }
}
