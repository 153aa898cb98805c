import CMimalloc
import Foundation

/// The process's memory allocator. The switchboard executable links mimalloc ahead of the C library,
/// so mimalloc serves every `malloc` in the process, Swift's allocations included.
///
/// A rebuild and the gateway allocate and free many small objects on several threads at once (events,
/// decoded payloads, rows), and glibc's allocator spent about a sixth of a rebuild's process CPU in
/// its own bookkeeping (free-list consolidation, chunk unlinking). mimalloc's per-thread free lists
/// take most of that away: a rebuild of 300,000 events used about a fifth less process CPU.
enum Allocator {
    /// For the long-running gateway (`serve`): pages left empty are handed back to the kernel at once,
    /// including those of threads that have exited, rather than kept for reuse. With mimalloc's
    /// defaults the gateway's resident size rose about twice as fast as with the C library's allocator
    /// in its first minutes at 600 messages/s; batch commands (a rebuild) keep the defaults.
    static func returnFreedMemoryPromptly() {
        mi_option_enable(mi_option_page_reset)
        mi_option_enable(mi_option_abandoned_page_decommit)
        mi_option_set(mi_option_decommit_delay, 0)
    }

    /// Whether a fresh allocation comes from mimalloc's heap (false if the link order ever let the C
    /// library's allocator win).
    static var mimallocServesMalloc: Bool {
        guard let block = malloc(64) else { return false }
        defer { free(block) }
        return mi_is_in_heap_region(block)
    }

    /// mimalloc's version as major.minor.patch (`mi_version()` gives e.g. 209 for 2.0.9).
    static var mimallocVersion: String {
        let version = Int(mi_version())
        return "\(version / 100).\(version / 10 % 10).\(version % 10)"
    }
}
