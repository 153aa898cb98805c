import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The clusters to stop when the process ends, and the hooks that stop them.
///
/// The `atexit` hook covers every normal exit: returning from `main`, `exit(_:)`, and the end
/// of a graceful shutdown after SIGTERM/SIGINT in a program that handles those itself. Signal
/// handlers are installed only when asked for: they run on a dispatch queue (not inside the
/// signal handler), stop the clusters, then exit with status 128 + signal number.
final class ClusterExitRegistry: @unchecked Sendable {
    // @unchecked Sendable: every stored var is read and written only while holding `lock`.

    static let shared = ClusterExitRegistry()

    private struct Entry {
        var cluster: EmbeddedPostgresCluster
        var mode: EmbeddedPostgresCluster.StopMode
    }

    private let lock = NSLock()
    private var entries: [ObjectIdentifier: Entry] = [:]
    private var registrationOrder: [ObjectIdentifier] = []
    private var atexitInstalled = false
    private var signalSources: [Int32: DispatchSourceSignal] = [:]
    private let signalQueue = DispatchQueue(label: "EmbeddedPostgresCluster.exit-signals")

    /// Stops `cluster` with `mode` at process exit and, if listed, on these signals.
    func register(_ cluster: EmbeddedPostgresCluster, mode: EmbeddedPostgresCluster.StopMode, signals: [Int32]) {
        lock.withLock {
            let id = ObjectIdentifier(cluster)
            if entries[id] == nil {
                registrationOrder.append(id)
            }
            entries[id] = Entry(cluster: cluster, mode: mode)
            if !atexitInstalled {
                atexitInstalled = true
                atexit { ClusterExitRegistry.shared.stopAll(reason: "process exit") }
            }
            for signalNumber in signals where signalSources[signalNumber] == nil {
                signalSources[signalNumber] = installHandler(for: signalNumber)
            }
        }
    }

    /// Forgets `cluster`: it will be left running at exit.
    func unregister(_ cluster: EmbeddedPostgresCluster) {
        lock.withLock {
            let id = ObjectIdentifier(cluster)
            entries[id] = nil
            registrationOrder.removeAll { $0 == id }
        }
    }

    /// Stops every registered cluster, most recently registered first, once.
    func stopAll(reason: String) {
        let toStop: [Entry] = lock.withLock {
            let ordered = registrationOrder.reversed().compactMap { entries[$0] }
            entries = [:]
            registrationOrder = []
            return ordered
        }
        for entry in toStop {
            entry.cluster.logger.info(
                "stopping embedded PostgreSQL cluster",
                metadata: ["reason": "\(reason)", "data_directory": "\(entry.cluster.dataDirectory.path)"]
            )
            do {
                try entry.cluster.stop(mode: entry.mode)
            } catch {
                entry.cluster.logger.error("could not stop embedded PostgreSQL cluster: \(error)")
            }
        }
    }

    private func installHandler(for signalNumber: Int32) -> DispatchSourceSignal {
        #if canImport(Darwin)
        // Darwin delivers signals to dispatch through kqueue only when the default action is off.
        signal(signalNumber, SIG_IGN)
        #endif
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: signalQueue)
        source.setEventHandler {
            ClusterExitRegistry.shared.stopAll(reason: "signal \(signalNumber)")
            exit(128 + signalNumber)
        }
        source.resume()
        return source
    }
}
