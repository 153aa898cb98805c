// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        // mimalloc serves the switchboard executable's allocations (see Sources/switchboard/Allocator.swift).
        .systemLibrary(name: "CMimalloc", providers: [.apt(["libmimalloc-dev"])]),
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Migrations",
            dependencies: ["Postgres", .product(name: "Crypto", package: "swift-crypto")],
            path: "Migrations",
            resources: [.copy("sql")]
        ),
        .target(
            name: "EventLog",
            dependencies: [
                "Postgres", "CLZ4", "Migrations", "JSONValues",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Privacy",
            dependencies: [
                "Postgres", "EventLog",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Messaging",
            dependencies: ["Privacy", "JSONValues", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "TelegramChannel",
            dependencies: ["JSONValues", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Channels/Telegram"
        ),
        // One JSON value type for payloads without a fixed shape (LLM tool schemas, WhatsApp bodies).
        .target(name: "JSONValues"),
        .target(
            name: "WhatsAppChannel",
            dependencies: ["JSONValues", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Channels/WhatsApp"
        ),
        .target(
            name: "GatewayRouting",
            dependencies: ["Messaging", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Yams", package: "Yams")],
            path: "Sources/Gateway/Routing"
        ),
        .target(
            name: "GatewayDelivery",
            dependencies: [],
            path: "Sources/Gateway/Delivery"
        ),
        // One target per read model (Projections/<name>/: its fold and its schema.sql), plus what they share.
        .target(
            name: "ReadModels",
            dependencies: ["Messaging", "EventLog", "Privacy", "JSONValues"],
            path: "Projections/Shared"
        ),
        // The projector engine: runners with leases and checkpoints, rebuild-and-swap, metrics.
        .target(
            name: "ProjectorEngine",
            dependencies: ["ReadModels", "EventLog", "Postgres", .product(name: "Logging", package: "swift-log")],
            path: "Projections/Engine",
            resources: [.copy("engine.sql")]
        ),
        .target(
            name: "ConversationContextReadModel",
            dependencies: ["ReadModels", "ProjectorEngine", "Messaging", "EventLog", "Privacy", "Postgres", "JSONValues"],
            path: "Projections/conversation_context",
            resources: [.copy("schema.sql")]
        ),
        .target(
            name: "AnalyticsReadModel",
            dependencies: ["ReadModels", "ProjectorEngine", "Messaging", "EventLog", "Privacy", "Postgres"],
            path: "Projections/analytics",
            resources: [.copy("schema.sql")]
        ),
        // The gateway shell: configuration, webhooks, agent dispatch, delivery worker, metrics.
        .target(
            name: "GatewayServer",
            dependencies: [
                "Postgres", "EventLog", "Privacy", "Messaging", "TelegramChannel", "WhatsAppChannel", "GatewayRouting",
                "GatewayDelivery", "ReadModels", "ProjectorEngine", "ReadModelCatalog", "ConversationContextReadModel", "AuditReadModel",
                "ErasureReadModel", "AnalyticsReadModel", "Agents", "LLM", "JSONValues",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/Gateway/Server"
        ),
        .target(
            name: "AuditReadModel",
            dependencies: ["ReadModels", "ProjectorEngine", "Messaging", "EventLog", "Privacy", "Postgres"],
            path: "Projections/audit",
            resources: [.copy("schema.sql")]
        ),
        .target(
            name: "ErasureReadModel",
            dependencies: ["ReadModels", "ProjectorEngine", "Messaging", "EventLog", "Privacy", "Postgres"],
            path: "Projections/erasure",
            resources: [.copy("schema.sql")]
        ),
        // The four read models' projectors, as `serve` and `rebuild` start them.
        .target(
            name: "ReadModelCatalog",
            dependencies: [
                "ProjectorEngine", "ReadModels", "ConversationContextReadModel", "AnalyticsReadModel", "AuditReadModel", "ErasureReadModel",
            ],
            path: "Projections/Catalog"
        ),
        // Synthetic workloads and the rebuild benchmark (`switchboard bench rebuild`).
        .target(
            name: "ProjectionBenchmark",
            dependencies: [
                "ProjectorEngine", "ReadModelCatalog", "Messaging", "EventLog", "Privacy", "Postgres",
            ],
            path: "Projections/Benchmark"
        ),
        .target(
            name: "PlatformFakes",
            dependencies: [
                "JSONValues", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/PlatformFakes"
        ),
        .target(
            name: "Agents",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Mustache", package: "swift-mustache")],
            // LLM/ and LLMFakes/ are targets of their own.
            exclude: ["LLM", "LLMFakes"]
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "CMimalloc", "Postgres", "PostgresCluster", "EventLog", "Privacy", "Migrations", "GatewayServer", "GatewayRouting", "Messaging",
                "PlatformFakes", "ProjectionBenchmark", "ProjectorEngine", "ReadModelCatalog", "ConversationContextReadModel", "Agents", "LLM", "LLMFakes",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SwitchboardTestSupport",
            dependencies: [
                "Postgres", "PostgresCluster", "EventLog", "Migrations", "Privacy", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "SwitchboardTestSupport"]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "Postgres", "SwitchboardTestSupport"]),
        .testTarget(
            name: "SwitchboardCLITests",
            dependencies: [
                "switchboard", "EventLog", "Postgres", "PostgresCluster", "SwitchboardTestSupport", "PlatformFakes", "Messaging", "Privacy",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "MessagingTests", dependencies: ["Messaging", "Privacy", "SwitchboardTestSupport"]),
        .testTarget(name: "TelegramChannelTests", dependencies: ["TelegramChannel", "SwitchboardTestSupport"]),
        .testTarget(name: "WhatsAppChannelTests", dependencies: ["WhatsAppChannel"]),
        .testTarget(
            name: "GatewayRoutingTests",
            dependencies: ["GatewayRouting", "Messaging", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "GatewayDeliveryTests", dependencies: ["GatewayDelivery"]),
        .testTarget(name: "AgentsTests", dependencies: ["Agents"], exclude: ["Fixtures"]),
        .testTarget(
            name: "GatewayServerTests",
            dependencies: [
                "GatewayServer", "PlatformFakes", "Messaging", "EventLog", "Privacy", "Postgres", "SwitchboardTestSupport",
                "TelegramChannel", "WhatsAppChannel", "GatewayRouting", "Agents", "LLM", "LLMFakes", "JSONValues",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "ReadModelsTests",
            dependencies: [
                "ReadModels", "JSONValues", "ConversationContextReadModel", "AnalyticsReadModel", "Messaging", "EventLog", "Privacy", "Postgres",
                "SwitchboardTestSupport",
            ]
        ),
        .testTarget(
            name: "ProjectorEngineTests",
            dependencies: [
                "ProjectorEngine", "ReadModels", "ConversationContextReadModel", "AnalyticsReadModel", "AuditReadModel", "ErasureReadModel",
                "ProjectionBenchmark", "ReadModelCatalog", "Messaging", "EventLog", "Privacy", "Postgres", "SwitchboardTestSupport",
            ]
        ),
        .testTarget(
            name: "PlatformFakesTests",
            dependencies: ["PlatformFakes", "JSONValues", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(name: "PrivacyTests", dependencies: ["Privacy", "EventLog", "Postgres", "SwitchboardTestSupport"]),
        // LLM providers (OpenAI-compatible Chat Completions, Anthropic Messages) with streaming, tool calls,
        // retries, circuit breakers and failover; and local fakes speaking both wire formats.
        .target(
            name: "LLM",
            dependencies: [
                "JSONValues", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Agents/LLM"
        ),
        .target(
            name: "LLMFakes",
            dependencies: [
                "LLM", "PlatformFakes", "JSONValues",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Agents/LLMFakes"
        ),
        .testTarget(
            name: "LLMTests",
            dependencies: [
                "LLM", "LLMFakes", "PlatformFakes",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .target(name: "PostgresCluster", dependencies: [.product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "PostgresClusterTests",
            dependencies: ["PostgresCluster", .product(name: "Logging", package: "swift-log")]
        ),
    ]
)
