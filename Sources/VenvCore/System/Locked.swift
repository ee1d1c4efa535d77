#if canImport(Glibc)
import Glibc
#endif

/// A value shared between threads, guarded by a pthread mutex.
///
/// Synchronization's `Mutex` would serve, but its futex-based lock lives in a
/// library ThreadSanitizer does not instrument, so TSan reports the accesses
/// it guards as races; it understands pthread mutexes, and the sanitizer
/// suite must be able to tell a real race from that.
package final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    package init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, the lock held.
    package func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }

    /// Runs `body` with the value if the lock is free now; nil (and
    /// `body` not run) when another thread holds it.
    package func withLockIfFree<T>(_ body: (inout Value) throws -> T) rethrows -> T? {
        guard pthread_mutex_trylock(mutex) == 0 else { return nil }
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
