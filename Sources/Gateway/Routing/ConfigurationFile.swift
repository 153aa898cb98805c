/// A whole `switchboard.yaml` as routing sees it: only the `routing` section, which it requires;
/// the other sections belong to other readers.
struct ConfigurationFile: Decodable {
    var routing: RoutingConfiguration

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ConfigurationKey.self)
        routing = try container.decode(RoutingConfiguration.self, forKey: ConfigurationKey(stringValue: "routing"))
    }
}
