import MLVStorage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the stat cache compares to decide that a file is unchanged without reading it.
public struct FileStat: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case file, directory, symlink, other }

    public var kind: Kind
    public var size: UInt64
    public var mtimeNanoseconds: Int64
    public var ctimeNanoseconds: Int64
    public var inode: UInt64
    public var isExecutable: Bool

    public init(
        kind: Kind, size: UInt64, mtimeNanoseconds: Int64, ctimeNanoseconds: Int64, inode: UInt64,
        isExecutable: Bool
    ) {
        self.kind = kind
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
        self.ctimeNanoseconds = ctimeNanoseconds
        self.inode = inode
        self.isExecutable = isExecutable
    }

    /// `lstat` of `path`; nil when nothing is there. Links are not followed.
    public static func of(_ path: String) -> FileStat? {
        var info = stat()
        guard unsafe lstat(path, &info) == 0 else { return nil }
        return FileStat(info)
    }

    /// `lstat` of `name` inside the open directory `directory` (no path walk from the root).
    static func of(_ name: String, in directory: Int32) -> FileStat? {
        var info = stat()
        guard unsafe fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return FileStat(info)
    }

    private init(_ info: stat) {
        let type = info.st_mode & S_IFMT
        let kind: Kind =
            switch type {
            case S_IFREG: .file
            case S_IFDIR: .directory
            case S_IFLNK: .symlink
            default: .other
            }
        self.init(
            kind: kind, size: UInt64(info.st_size),
            mtimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            ctimeNanoseconds: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec),
            inode: UInt64(info.st_ino), isExecutable: info.st_mode & S_IXUSR != 0)
    }
}

/// Small POSIX helpers for the worktree code.
enum POSIX {
    /// Names in a directory, without `.` and `..`; nil when it cannot be opened.
    static func directoryEntries(_ path: String) -> [String]? {
        withDirectory(path) { names, _ in names }
    }

    /// Lists a directory and runs `body` with its names and an open descriptor for `fstatat`.
    static func withDirectory<T>(_ path: String, _ body: ([String], Int32) -> T) -> T? {
        guard let dir = unsafe opendir(path) else { return nil }
        defer { unsafe closedir(dir) }
        var names = [String]()
        while let entry = unsafe readdir(dir) {
            let name = unsafe withUnsafePointer(to: entry.pointee.d_name) { pointer in
                unsafe pointer.withMemoryRebound(to: CChar.self, capacity: 256) { unsafe String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return body(names, unsafe dirfd(dir))
    }

    /// The target of a symbolic link.
    static func readLink(_ path: String) throws -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = unsafe readlink(path, &buffer, 4096)
        guard count >= 0 else {
            throw RepositoryError(.io, "cannot read link '\(path)': \(systemErrorText(errno))")
        }
        return buffer[0..<count].map { UInt8(bitPattern: $0) }
    }

    static func makeSymlink(target: String, at path: String) throws {
        guard symlink(target, path) == 0 else {
            throw RepositoryError(.io, "cannot create link '\(path)': \(systemErrorText(errno))")
        }
    }

    static func setExecutable(_ path: String, _ executable: Bool) {
        _ = chmod(path, executable ? 0o755 : 0o644)
    }

    /// A file being written at explicit offsets, from several threads at once.
    final class OutputFile: @unchecked Sendable {
        // Safety: `fd` is immutable until `close()`; `pwrite` at distinct offsets is thread-safe.
        let path: String
        private let fd: Int32

        init(creating path: String) throws {
            self.path = path
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw RepositoryError(.io, "cannot create '\(path)': \(systemErrorText(errno))") }
        }

        func write(_ bytes: [UInt8], at offset: UInt64) throws {
            var done = 0
            while done < bytes.count {
                let wrote = unsafe bytes.withUnsafeBytes { buffer in
                    unsafe pwrite(
                        fd, buffer.baseAddress.map { unsafe $0 + done }, bytes.count - done, off_t(offset) + off_t(done)
                    )
                }
                if wrote < 0 && errno == EINTR { continue }
                guard wrote > 0 else { throw RepositoryError(.io, "cannot write '\(path)': \(systemErrorText(errno))") }
                done += wrote
            }
        }

        func close() throws {
            guard Glibc.close(fd) == 0 else {
                throw RepositoryError(.io, "cannot close '\(path)': \(systemErrorText(errno))")
            }
        }
    }

    static func isProcessAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}
