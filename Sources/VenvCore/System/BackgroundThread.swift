#if canImport(Glibc)
import Glibc
#endif

/// A thread of its own for one piece of work (`pet server`'s refresh, while
/// the first thread goes on reading requests), started at once; `join`
/// waits for its end. Where no thread can be had, the work is done by the
/// caller, before `init` returns.
package final class BackgroundThread: @unchecked Sendable {
    private let body: @Sendable () -> Void
    private let finished = Locked(false)
    private var thread: pthread_t?

    package init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(&handle, nil, { raw in
            let me = Unmanaged<BackgroundThread>.fromOpaque(raw!).takeRetainedValue()
            me.body()
            me.finished.withLock { $0 = true }
            return nil
        }, context)
        if started == 0 {
            thread = handle
        } else {
            Unmanaged<BackgroundThread>.fromOpaque(context).release()
            body()
            finished.withLock { $0 = true }
        }
    }

    /// Whether the work is done (a `join` would not wait).
    package var isFinished: Bool { finished.withLock { $0 } }

    /// Waits for the work's end; called once, from one thread.
    package func join() {
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }
}
