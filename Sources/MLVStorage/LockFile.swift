// PLACEHOLDER until the pack branch lands.
import Foundation

public final class LockFile {
    public let path: String
    public var lockPath: String { path + ".lock" }

    public init(path: String) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path + ".lock", contents: nil) else {
            throw StorageError(.locked, "cannot lock \(path)")
        }
    }

    public func commit(contents: [UInt8]) throws {
        try Data(contents).write(to: URL(fileURLWithPath: lockPath))
        _ = rename(lockPath, path)
    }

    public func release() {
        try? FileManager.default.removeItem(atPath: lockPath)
    }
}
