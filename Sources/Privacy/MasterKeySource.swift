/// Where a ``MasterKey`` came from, so the server can say at startup which key it uses
/// (never the key itself).
public enum MasterKeySource: Sendable, Hashable, CustomStringConvertible {
    /// The `SWITCHBOARD_MASTER_KEY` environment variable.
    case environment(variable: String)
    /// An existing key file.
    case keyFile(path: String)
    /// A key file this process generated because none existed (a development key).
    case generatedKeyFile(path: String)
    /// Raw bytes handed to ``MasterKey/init(bytes:)``, e.g. in tests.
    case bytes

    public var description: String {
        switch self {
        case .environment(let variable): "environment variable \(variable)"
        case .keyFile(let path): "key file \(path)"
        case .generatedKeyFile(let path): "newly generated key file \(path)"
        case .bytes: "raw bytes"
        }
    }
}
