import Foundation
import Synchronization

/// Files this process must not leave behind if it is interrupted (Ctrl-C, SIGTERM): the lock files
/// it holds, as git removes its locks (otherwise the next command would find a stale lock and ask
/// the user to delete it by hand), and packs it is still writing in `.mlv/tmp`.
///
/// Process-wide by nature (a signal ends the whole process); it holds paths only, never a
/// repository. Thread-safe.
public final class InterruptCleanup: Sendable {
    /// The files of this process.
    public static let shared = InterruptCleanup()

    private let paths = Mutex<Set<String>>([])

    private init() {}

    /// Registers a temporary file to delete if the process is interrupted (pack streams being
    /// uploaded by MLVRemote use it too).
    public func insert(_ path: String) { paths.withLock { _ = $0.insert(path) } }
    /// Forgets a file registered with ``insert(_:)`` (it was renamed or deleted normally).
    public func remove(_ path: String) { paths.withLock { _ = $0.remove(path) } }

    /// Deletes every registered file. Called once, on the way out of an interrupted process.
    public func removeAll() {
        for path in paths.withLock({ $0 }) { unsafe unlink(path) }
    }
}
