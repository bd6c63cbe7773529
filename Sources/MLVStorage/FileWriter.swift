import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A write-only file descriptor that closes itself: the one place where MLVStorage writes files.
///
/// Used by ``AtomicFile``, ``LockFile`` and ``PackWriter``. Not thread-safe: callers serialize.
final class FileWriter {
    let path: String
    private var fd: Int32

    /// Creates `path`, failing if it exists (`O_EXCL`), with mode 0644.
    init(creating path: String) throws(StorageError) {
        self.path = path
        let descriptor = unsafe open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            throw StorageError(
                code == EEXIST ? .locked : .io, "cannot create '\(path)': \(systemErrorText(code))",
                underlying: POSIXErrorNumber(code))
        }
        fd = descriptor
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    /// Writes all of `bytes` at the current position, retrying short writes and `EINTR`.
    func write(_ bytes: [UInt8]) throws(StorageError) {
        var written = 0
        while written < bytes.count {
            let result = unsafe bytes.withUnsafeBytes { buffer in
                // swift-format-ignore: NeverForceUnwrap
                // A non-empty array always has a base address.
                unsafe Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw StorageError(.io, "cannot write '\(path)': \(systemErrorText(errno))")
            }
            written += result
        }
    }

    /// Writes all of `bytes` at file offset `offset` (`pwrite`), retrying short writes and `EINTR`;
    /// the position used by ``write(_:)`` stays where it was.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(StorageError) {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let result = unsafe pwrite(fd, base + written, bytes.count - written, off_t(offset) + off_t(written))
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                throw StorageError(
                    .io, "cannot write '\(path)': \(systemErrorText(code))", underlying: POSIXErrorNumber(code))
            }
            written += result
        }
    }

    /// Turns direct I/O (`O_DIRECT`: writes skip the page cache and go straight to the device) on
    /// or off for later writes. Returns false, changing nothing, where the system or the file
    /// system has no direct I/O (tmpfs, macOS). Direct writes need buffers, lengths and offsets
    /// aligned to the device's block size.
    func setDirect(_ on: Bool) -> Bool {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            let flags = fcntl(fd, F_GETFL)
            guard flags >= 0 else { return false }
            return fcntl(fd, F_SETFL, on ? flags | FileWriter.directFlag : flags & ~FileWriter.directFlag) == 0
        #else
            return false
        #endif
    }

    #if os(Linux) && (arch(x86_64) || arch(arm64))
        /// Linux's `O_DIRECT`, which Glibc's Swift module leaves out (it is a `_GNU_SOURCE` name);
        /// the value differs between architectures (asm/fcntl.h).
        #if arch(x86_64)
            private static let directFlag: Int32 = 0o40000
        #else
            private static let directFlag: Int32 = 0o200000
        #endif
    #endif

    /// Writes all of `bytes` at file offset `offset`, as ``write(_:at:)``.
    func write(_ bytes: [UInt8], at offset: UInt64) throws(StorageError) {
        var failure: StorageError?
        unsafe bytes.withUnsafeBytes { buffer in
            do throws(StorageError) {
                try unsafe write(buffer, at: offset)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Truncates the file to `length` bytes and moves the position there.
    func truncate(to length: Int) throws(StorageError) {
        guard ftruncate(fd, off_t(length)) == 0, lseek(fd, off_t(length), SEEK_SET) >= 0 else {
            throw StorageError(.io, "cannot truncate '\(path)': \(systemErrorText(errno))")
        }
    }

    /// Flushes the file's data to stable storage (`fsync`).
    func sync() throws(StorageError) {
        guard fsync(fd) == 0 else {
            throw StorageError(.io, "cannot sync '\(path)': \(systemErrorText(errno))")
        }
    }

    /// Asks the kernel to drop the file's cached pages (`POSIX_FADV_DONTNEED`); only clean pages
    /// go, so call it after ``sync()``. A hint: failure changes nothing.
    func dropCachedPages() {
        #if os(Linux)
            _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
        #endif
    }

    /// Closes the descriptor; later calls other than `close` are programming errors.
    func close() throws(StorageError) {
        guard fd >= 0 else { return }
        let result = Glibc.close(fd)
        fd = -1
        guard result == 0 else {
            throw StorageError(.io, "cannot close '\(path)': \(systemErrorText(errno))")
        }
    }
}

/// A POSIX `errno` value carried as the `underlying` cause of a ``StorageError``.
public struct POSIXErrorNumber: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int32
    public init(_ code: Int32) { self.code = code }
    public var description: String { systemErrorText(code) }
}

/// File-system primitives that the writers share; all errors name the path.
enum FileSystem {
    /// Makes the entries of directory `path` durable (`fsync` on the directory itself).
    static func syncDirectory(_ path: String) throws(StorageError) {
        let fd = unsafe open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw StorageError(.io, "cannot open directory '\(path)': \(systemErrorText(errno))")
        }
        defer { Glibc.close(fd) }
        guard fsync(fd) == 0 else {
            throw StorageError(.io, "cannot sync directory '\(path)': \(systemErrorText(errno))")
        }
    }

    /// Renames `source` over `destination` atomically (`rename(2)`).
    static func rename(_ source: String, to destination: String) throws(StorageError) {
        guard unsafe Glibc.rename(source, destination) == 0 else {
            throw StorageError(
                .io, "cannot rename '\(source)' to '\(destination)': \(systemErrorText(errno))")
        }
    }

    /// Removes `path`; a missing file is not an error.
    static func remove(_ path: String) throws(StorageError) {
        guard unsafe unlink(path) == 0 || errno == ENOENT else {
            throw StorageError(.io, "cannot remove '\(path)': \(systemErrorText(errno))")
        }
    }

    /// Creates directory `path` and its parents if missing.
    static func createDirectory(_ path: String) throws(StorageError) {
        if unsafe mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        if errno == ENOENT {
            let parent = parentDirectory(of: path)
            if parent != path, !parent.isEmpty {
                try createDirectory(parent)
                if unsafe mkdir(path, 0o755) == 0 || errno == EEXIST { return }
            }
        }
        throw StorageError(.io, "cannot create directory '\(path)': \(systemErrorText(errno))")
    }

    /// Size and modification time of the file at `path` (links followed), or nil when it cannot
    /// be read. One `stat(2)`: `FileManager`'s attributes also look up the owner's user and group
    /// names, which reads `/etc/passwd` and `/etc/group` for every file asked about.
    static func sizeAndModified(_ path: String) -> (size: UInt64, modified: Date)? {
        var info = stat()
        guard unsafe stat(path, &info) == 0 else { return nil }
        let seconds = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return (UInt64(info.st_size), Date(timeIntervalSince1970: seconds))
    }

    /// The directory part of `path` ("." when there is none).
    static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// A name unlikely to collide in a shared temp directory: prefix, pid and random bits.
    static func uniqueName(prefix: String, suffix: String) -> String {
        let random = UInt64.random(in: 0...UInt64.max)
        return "\(prefix)-\(getpid())-\(String(random, radix: 16))\(suffix)"
    }
}
