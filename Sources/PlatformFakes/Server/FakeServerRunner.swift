import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs a fake's Hummingbird application on 127.0.0.1 with a kernel-chosen port (port 0)
/// in a background `ServiceGroup`, and stops it with a graceful shutdown (open requests finish).
public actor FakeServerRunner {
    public init() {}

    private var task: Task<Void, Never>?
    private var group: ServiceGroup?
    private var baseURL: URL?

    /// Starts the application built by `makeApplication` and returns `http://127.0.0.1:<port>`.
    /// Starting twice returns the running server's URL.
    func start(
        _ makeApplication: @Sendable (
            ApplicationConfiguration, @escaping @Sendable (any Channel) async -> Void
        ) -> any ApplicationProtocol
    ) async throws -> URL {
        if let baseURL { return baseURL }
        let (ports, portContinuation) = AsyncThrowingStream<Int, any Error>.makeStream()
        let application = makeApplication(
            ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0))
        ) { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [application], logger: Logger(label: "PlatformFakes"))
        )
        let task = Task {
            do {
                try await group.run()
                portContinuation.finish()
            } catch {
                portContinuation.finish(throwing: error)
            }
        }
        var iterator = ports.makeAsyncIterator()
        let port: Int?
        do {
            port = try await iterator.next()
        } catch {
            task.cancel()
            throw FakeServerError(reason: "fake server failed to start on 127.0.0.1", underlying: error)
        }
        guard let port, port > 0, let url = URL(string: "http://127.0.0.1:\(port)") else {
            task.cancel()
            throw FakeServerError(reason: "fake server stopped before reporting its port", underlying: nil)
        }
        self.task = task
        self.group = group
        self.baseURL = url
        return url
    }

    /// Stops the server and waits until it has shut down; a no-op when not running.
    func stop() async {
        guard let task else { return }
        await group?.triggerGracefulShutdown()
        await task.value
        self.task = nil
        self.group = nil
        self.baseURL = nil
    }
}
