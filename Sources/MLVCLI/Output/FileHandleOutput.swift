#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to the process's standard streams; the only place MLVCLI touches them directly.
enum FileHandleOutput {
    static func stdout(_ text: String) {
        write(text, to: 1)
    }

    static func stderr(_ text: String) {
        write(text.hasSuffix("\n") ? text : text + "\n", to: 2)
    }

    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let wrote = unsafe bytes.withUnsafeMutableBytes {
                unsafe Glibc.write(fd, $0.baseAddress.map { unsafe $0 + offset }, $0.count - offset)
            }
            if wrote <= 0 { return }
            offset += wrote
        }
    }
}

extension FileHandleOutput {
    /// Writes raw bytes to stdout (file contents for `cat`/`show`).
    static func writeBytes(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let wrote = unsafe bytes.withUnsafeBytes {
                unsafe Glibc.write(1, $0.baseAddress.map { unsafe $0 + offset }, $0.count - offset)
            }
            if wrote <= 0 { return }
            offset += wrote
        }
    }
}
