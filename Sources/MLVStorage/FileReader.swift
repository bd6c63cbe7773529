#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only file descriptor that closes itself; every read names its offset (`pread`), so one
/// reader may serve several threads.
public final class FileReader: @unchecked Sendable {
    // Safety: `fd` is immutable after init and POSIX reads on one descriptor from several threads
    // are safe with `pread`, the only read used here.
    public let path: String
    private let fd: Int32

    /// Opens `path` for reading.
    public init(path: String) throws(StorageError) {
        self.path = path
        let descriptor = unsafe open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StorageError(.io, "cannot open '\(path)': \(systemErrorText(errno))")
        }
        fd = descriptor
    }

    deinit { close(fd) }

    /// Reads up to `count` bytes at `offset`; fewer only at the end of the file.
    public func read(upTo count: Int, at offset: UInt64) throws(StorageError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = unsafe out.withUnsafeMutableBytes { buffer in
                unsafe pread(
                    fd, buffer.baseAddress.map { unsafe $0 + filled }, count - filled, off_t(offset) + off_t(filled))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw StorageError(.io, "cannot read '\(path)': \(systemErrorText(errno))")
            }
            if got == 0 { break }
            filled += got
        }
        out.removeLast(count - filled)
        return out
    }

    /// Reads into `buffer` at `offset` until it is full or the file ends; returns the bytes read.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(StorageError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let got = unsafe pread(fd, base + filled, buffer.count - filled, off_t(offset) + off_t(filled))
            if got < 0 {
                if errno == EINTR { continue }
                throw StorageError(.io, "cannot read '\(path)': \(systemErrorText(errno))")
            }
            if got == 0 { break }
            filled += got
        }
        return filled
    }

    /// Reads exactly `count` bytes at `offset`, or throws naming the path and offset.
    public func read(count: Int, at offset: UInt64) throws(StorageError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = unsafe out.withUnsafeMutableBytes { buffer in
                unsafe pread(
                    fd, buffer.baseAddress.map { unsafe $0 + filled }, count - filled, off_t(offset) + off_t(filled))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw StorageError(.io, "cannot read '\(path)': \(systemErrorText(errno))")
            }
            if got == 0 {
                throw StorageError(
                    .corrupt, "'\(path)' is truncated: expected \(count) bytes at offset \(offset), found \(filled)")
            }
            filled += got
        }
        return out
    }

    /// The file's size in bytes.
    public func size() throws(StorageError) -> UInt64 {
        var info = stat()
        guard unsafe fstat(fd, &info) == 0 else {
            throw StorageError(.io, "cannot stat '\(path)': \(systemErrorText(errno))")
        }
        return UInt64(info.st_size)
    }
}
