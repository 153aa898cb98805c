import ServiceLifecycle

/// The gateway's workers as a service of the application's `ServiceGroup`: they stop on graceful
/// shutdown (SIGTERM/SIGINT), after the HTTP server stopped taking requests.
public struct GatewayWorkersService: Service {
    let gateway: Gateway

    public init(gateway: Gateway) {
        self.gateway = gateway
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await gateway.runWorkers()
        }
        await gateway.shutdown()
    }
}
