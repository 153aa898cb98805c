import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A task executor with a thread of its own that runs below the rest of the process's scheduling
/// priority (a positive nice value; on Linux a nice value belongs to a thread). The projection
/// service runs each projector on one, so when the cores are busy the message path (webhooks,
/// agents, delivery, appends) gets them first and the read models catch up in the gaps, in larger
/// batches. At nice 10 a thread still gets about a tenth of a contended core: a projector falls
/// behind under load, it does not stop. A thread created from this one would inherit its nice
/// value; the runtime's pools start their workers elsewhere (a test checks that none does).
///
/// `@unchecked Sendable`: `jobs`, `head` and `stopped` are only touched with `condition` locked.
public final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopped = false

    /// Starts the executor's thread, named `name` (its first 15 bytes), at `niceness` (0 keeps the
    /// process's priority, 1…19 lower it; a value the system refuses leaves the priority as it is).
    public init(name: String, niceness: Int32) {
        let thread = Thread { [self] in
            #if canImport(Glibc)
                // The kernel's name for the thread (what `top -H` shows); Foundation's `Thread.name` does not set it here.
                try? Data(name.utf8.prefix(15)).write(to: URL(fileURLWithPath: "/proc/thread-self/comm"))
                // `who` 0 is the calling thread.
                if niceness != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
            #endif
            runJobs()
        }
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        condition.lock()
        if stopped {
            condition.unlock()
            // The thread is gone or going: the job runs at the process's priority instead.
            globalConcurrentExecutor.enqueue(job)
            return
        }
        jobs.append(UnownedJob(job))
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread finish the jobs it has and exit; jobs that come later run on the global
    /// executor. For when the tasks that preferred this executor have ended.
    public func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    /// Runs the jobs in the order they came until stopped with none left.
    private func runJobs() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while head == jobs.count, !stopped {
                jobs.removeAll(keepingCapacity: true)
                head = 0
                condition.wait()
            }
            guard head < jobs.count else {
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }
}
