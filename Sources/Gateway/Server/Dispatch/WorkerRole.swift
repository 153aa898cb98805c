/// A kind of partitioned worker. Each role has its own leases (advisory-lock class) and checkpoints,
/// so agent dispatch and delivery can run in different processes.
public struct WorkerRole: Sendable, Hashable, CustomStringConvertible {
    /// The name stored in `worker_checkpoints.role`.
    public let name: String
    /// The first key of the two-key advisory locks this role's partition leases take.
    public let lockClass: Int32

    public static let agents = WorkerRole(name: "agents", lockClass: 0x5342_0001)
    public static let delivery = WorkerRole(name: "delivery", lockClass: 0x5342_0002)
    /// Agents' actions (`agent.action_requested`): runs with the agents role, with leases and checkpoints of its own.
    public static let actions = WorkerRole(name: "actions", lockClass: 0x5342_0004)
    /// Long polling of Telegram accounts in `polling` mode: one lease per account, by its index.
    public static let telegramPolling = WorkerRole(name: "telegram-polling", lockClass: 0x5342_0003)

    public var description: String { name }
}
