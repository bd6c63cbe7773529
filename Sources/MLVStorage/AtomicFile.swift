import Foundation

/// Replaces a file's contents all at once: readers see the old file or the new one, never a mix,
/// and after ``write(_:to:temporaryDirectory:)`` returns the new contents survive a crash.
///
/// Procedure (docs/FORMAT.md, "Write ordering"): write to a new file in `temporaryDirectory`,
/// `fsync` it, `rename(2)` it over the target, then `fsync` the target's directory. The temporary
/// directory MUST be on the same file system as the target (`.mlv/tmp` for files under `.mlv`).
public enum AtomicFile {
    /// Writes `bytes` to `target` atomically and durably.
    ///
    /// On failure the target is unchanged and the temporary file is removed.
    /// - Complexity: O(n) in `bytes.count`, plus two `fsync` calls.
    public static func write(_ bytes: [UInt8], to target: URL, temporaryDirectory: URL) throws(StorageError) {
        let tempPath = temporaryDirectory.appendingPathComponent(
            FileSystem.uniqueName(prefix: "atomic", suffix: ".tmp")
        ).path
        do throws(StorageError) {
            let file = try FileWriter(creating: tempPath)
            try file.write(bytes)
            try file.sync()
            try file.close()
            try FileSystem.rename(tempPath, to: target.path)
        } catch {
            try? FileSystem.remove(tempPath)
            throw error
        }
        try FileSystem.syncDirectory(FileSystem.parentDirectory(of: target.path))
    }
}
