import LLM

/// Reads `llm.providers`: the model APIs LLM agents may use, each named so an agent's `models`
/// can say `name/model` (`local/smollm2`). API keys come from `${ENV}` references.
enum LLMProviderSection {
    static func read(_ node: ConfigurationNode) throws(GatewayConfigurationError) -> [LLMProviderConfiguration] {
        try node.requireMapping(allowed: ["providers"])
        var providers: [LLMProviderConfiguration] = []
        for provider in try node.child("providers").list() {
            try provider.requireMapping(allowed: ["name", "api", "base_url", "api_key", "timeout_seconds", "stream_usage"])
            let name = try provider.child("name").requiredString()
            guard name.range(of: #"^[A-Za-z0-9_\-]+$"#, options: .regularExpression) != nil else {
                throw provider.child("name").error("'\(name)' must be letters, digits, '-' or '_'")
            }
            guard let api = LLMProviderConfiguration.API(rawValue: try provider.child("api").requiredString()) else {
                throw provider.child("api").error("must be openai or anthropic")
            }
            guard let url = try provider.child("base_url").url(), url.scheme == "http" || url.scheme == "https" else {
                throw provider.child("base_url").error("is required: an http(s) URL such as http://127.0.0.1:8090")
            }
            var configuration = LLMProviderConfiguration(name: name, api: api, baseURL: url.absoluteString)
            configuration.apiKey = try provider.child("api_key").string().flatMap { $0.isEmpty ? nil : $0 }
            if let seconds = try provider.child("timeout_seconds").int(in: 1...3600) { configuration.requestTimeout = .seconds(seconds) }
            configuration.requestStreamUsage = try provider.child("stream_usage").bool() ?? true
            providers.append(configuration)
        }
        let names = providers.map(\.name)
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw node.child("providers").error("provider '\(duplicate)' is declared twice")
        }
        return providers
    }
}
