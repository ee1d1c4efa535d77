#if canImport(Glibc)
import Glibc
#endif

/// A thread of its own for one piece of work (`pet server`'s refresh, while
/// the first thread goes on reading requests), started at once; `join`
/// waits for its end. Where no thread can be had, the work is done by the
/// caller, before `init` returns.
package final class BackgroundThread: @unchecked Sendable {
    private let body: @Sendable () -> Void
    private var thread: pthread_t?
    /// `done`, guarded by `mutex`; `ended` is signalled when it turns true.
    private var done = false
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let ended = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    package init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(ended, &attributes)
        pthread_condattr_destroy(&attributes)
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(&handle, nil, { raw in
            let me = Unmanaged<BackgroundThread>.fromOpaque(raw!).takeRetainedValue()
            me.body()
            me.finish()
            return nil
        }, context)
        if started == 0 {
            thread = handle
        } else {
            Unmanaged<BackgroundThread>.fromOpaque(context).release()
            body()
            finish()
        }
    }

    deinit {
        pthread_cond_destroy(ended)
        pthread_mutex_destroy(mutex)
        ended.deallocate()
        mutex.deallocate()
    }

    private func finish() {
        pthread_mutex_lock(mutex)
        done = true
        pthread_cond_broadcast(ended)
        pthread_mutex_unlock(mutex)
    }

    /// Whether the work is done (a `join` would not wait).
    package var isFinished: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return done
    }

    /// Waits at most `milliseconds` for the work's end, woken by it (not
    /// looking every so often: each look was added to the work, a `cd`
    /// into a project waits for this): whether it ended. Work that has not
    /// ended goes on; the process's exit ends it.
    package func wait(milliseconds: Int) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let nanoseconds = Int(deadline.tv_nsec) + (milliseconds % 1000) * 1_000_000
        deadline.tv_sec += milliseconds / 1000 + nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !done {
            if pthread_cond_timedwait(ended, mutex, &deadline) == ETIMEDOUT { break }
        }
        return done
    }

    /// Waits for the work's end; called once, from one thread.
    package func join() {
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }
}
