import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A git-style lock on a file: `<path>.lock`, created exclusively, holds `"<pid> <hostname>\n"`.
///
/// The holder may write the new contents with ``commit(contents:)``, which replaces `<path>`
/// atomically (write into the lock file, `fsync`, rename lock → path, `fsync` the directory), or
/// give up with ``release()``. Compare-and-swap is the caller's job: acquire, read the current
/// value of `<path>`, compare, then commit or release. A lock that is neither committed nor
/// released is removed when the value is deinitialized, so an early `throw` cannot leave it behind;
/// only a crash can, and then the pid inside names the dead holder (docs/FORMAT.md, "Lock files").
///
/// Not thread-safe: one thread owns a lock.
public final class LockFile {
    /// The file the lock protects.
    public let path: URL
    /// `<path>.lock`.
    public let lockPath: URL
    private var writer: FileWriter?

    /// Takes the lock on `path`, polling every 10 ms for up to `timeout` while another live process
    /// holds it.
    ///
    /// - Throws: `.locked` naming the holder's pid when the lock stays busy, or immediately when
    ///   the lock was left by a process of this host that no longer runs (stale); `.io` otherwise.
    public init(acquiring path: URL, timeout: Duration = .zero) throws(StorageError) {
        self.path = path
        self.lockPath = URL(fileURLWithPath: path.path + ".lock")
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            do throws(StorageError) {
                let file = try FileWriter(creating: lockPath.path)
                InterruptCleanup.shared.insert(lockPath.path)
                do throws(StorageError) {
                    try file.write(Array("\(getpid()) \(LockFile.hostName())\n".utf8))
                } catch {
                    try? file.close()
                    try? FileSystem.remove(lockPath.path)
                    InterruptCleanup.shared.remove(lockPath.path)
                    throw error
                }
                writer = file
                return
            } catch  where error.code == .locked {
                let holder = LockFile.holder(of: lockPath.path)
                if let holder, holder.host == LockFile.hostName(), !LockFile.isRunning(holder.pid) {
                    throw StorageError(
                        .locked,
                        "lock '\(lockPath.path)' is stale: it was taken by pid \(holder.pid), which is not running",
                        hint: "remove '\(lockPath.path)' if no mlv process is running")
                }
                // Writing the pid takes microseconds; an unreadable lock older than a few seconds
                // was left by a process killed between creating and writing it.
                if holder == nil, let age = LockFile.age(of: lockPath.path), age > 5 {
                    throw StorageError(
                        .locked, "lock '\(lockPath.path)' is stale: it names no process and is \(Int(age)) s old",
                        hint: "remove '\(lockPath.path)' if no mlv process is running")
                }
                if ContinuousClock.now >= deadline {
                    let who = holder.map { "pid \($0.pid)" } ?? "unknown pid"
                    throw StorageError(
                        .locked, "another mlv process (\(who)) holds '\(lockPath.path)'",
                        hint: "wait for it to finish, or remove '\(lockPath.path)' if no mlv process is running")
                }
                usleep(10_000)
            }
        }
    }

    deinit {
        if writer != nil { release() }
    }

    /// Whether this value still holds the lock (neither committed nor released).
    public var isHeld: Bool { writer != nil }

    /// Replaces `path` with `contents` and gives up the lock.
    ///
    /// After it returns, `path` holds `contents` durably. On failure the lock is released and
    /// `path` is unchanged.
    public func commit(contents: [UInt8]) throws(StorageError) {
        guard let file = writer else {
            throw StorageError(.invalidArgument, "lock '\(lockPath.path)' is not held")
        }
        do throws(StorageError) {
            try file.truncate(to: 0)
            try file.write(contents)
            try file.sync()
            try file.close()
            writer = nil
            try FileSystem.rename(lockPath.path, to: path.path)
            InterruptCleanup.shared.remove(lockPath.path)
        } catch {
            writer = nil
            try? FileSystem.remove(lockPath.path)
            InterruptCleanup.shared.remove(lockPath.path)
            throw error
        }
        try FileSystem.syncDirectory(FileSystem.parentDirectory(of: path.path))
    }

    /// Gives up the lock without changing `path`. Does nothing when the lock is not held.
    public func release() {
        guard let file = writer else { return }
        writer = nil
        try? file.close()
        try? FileSystem.remove(lockPath.path)
        InterruptCleanup.shared.remove(lockPath.path)
    }

    /// The pid and host written in a lock file, or nil when it cannot be read or parsed
    /// (for example while its holder is still writing it).
    static func holder(of lockPath: String) -> (pid: Int32, host: String)? {
        guard let data = FileManager.default.contents(atPath: lockPath),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 2, let pid = Int32(fields[0]), pid > 0 else { return nil }
        return (pid, String(fields[1]))
    }

    /// Seconds since the file was last modified, or nil when it cannot be read.
    static func age(of path: String) -> Double? {
        guard let modified = FileSystem.sizeAndModified(path)?.modified else { return nil }
        return Date().timeIntervalSince(modified)
    }

    /// Whether a process with this pid exists on this host (`kill(pid, 0)`; EPERM means it does).
    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// This host's name, as written in lock files.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let ok = unsafe buffer.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return Int32(-1) }
            return unsafe gethostname(base, buffer.count - 1)
        }
        guard ok == 0 else { return "localhost" }
        let bytes = buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
        let name = String(decoding: bytes, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
