import Foundation
import Testing

@testable import MLVStorage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct LockFileTests {
    @Test("commit replaces the file and removes the lock")
    func commitReplaces() throws {
        let scratch = try ScratchDirectory()
        let ref = scratch.url.appendingPathComponent("main")
        try Data("old\n".utf8).write(to: ref)
        let lock = try LockFile(acquiring: ref)
        let lockText = try String(contentsOf: lock.lockPath, encoding: .utf8)
        #expect(lockText.hasPrefix("\(getpid()) "))
        #expect(try String(contentsOf: ref, encoding: .utf8) == "old\n")
        try lock.commit(contents: Array("new\n".utf8))
        #expect(try String(contentsOf: ref, encoding: .utf8) == "new\n")
        #expect(!FileManager.default.fileExists(atPath: lock.lockPath.path))
        #expect(!lock.isHeld)
    }

    @Test("release leaves the file unchanged; deinit releases a forgotten lock")
    func releaseAndDeinit() throws {
        let scratch = try ScratchDirectory()
        let ref = scratch.url.appendingPathComponent("main")
        let lockPath = ref.path + ".lock"
        let lock = try LockFile(acquiring: ref)
        lock.release()
        #expect(!FileManager.default.fileExists(atPath: lockPath))
        #expect(!FileManager.default.fileExists(atPath: ref.path))
        do {
            _ = try LockFile(acquiring: ref)
        }
        #expect(!FileManager.default.fileExists(atPath: lockPath))
    }

    @Test("a lock held by a live process is busy and names its pid")
    func busyLock() throws {
        let scratch = try ScratchDirectory()
        let ref = scratch.url.appendingPathComponent("main")
        let held = try LockFile(acquiring: ref)
        let error = #expect(throws: StorageError.self) { try LockFile(acquiring: ref) }
        #expect(error?.code == .locked)
        #expect(error?.message == "another mlv process (pid \(getpid())) holds '\(held.lockPath.path)'")
        held.release()
    }

    @Test("a stale lock of a dead process is reported with a hint to remove it")
    func staleLock() throws {
        let scratch = try ScratchDirectory()
        let ref = scratch.url.appendingPathComponent("main")
        let lockPath = ref.path + ".lock"
        // Above any pid_max, so kill(pid, 0) fails with ESRCH.
        try Data("2000000000 \(LockFile.hostName())\n".utf8).write(to: URL(fileURLWithPath: lockPath))
        let error = #expect(throws: StorageError.self) { try LockFile(acquiring: ref, timeout: .seconds(5)) }
        #expect(error?.code == .locked)
        #expect(error?.message.contains("stale") == true)
        #expect(error?.message.contains("2000000000") == true)
        #expect(error?.message.contains(lockPath) == true)
        #expect(error?.hint == "remove '\(lockPath)' if no mlv process is running")
    }

    @Test("an empty lock file is busy while fresh and stale once old (holder killed before writing)")
    func emptyLock() throws {
        let scratch = try ScratchDirectory()
        let ref = scratch.url.appendingPathComponent("main")
        let lockPath = ref.path + ".lock"
        FileManager.default.createFile(atPath: lockPath, contents: nil)
        let fresh = #expect(throws: StorageError.self) { try LockFile(acquiring: ref) }
        #expect(fresh?.message.contains("unknown pid") == true)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: lockPath)
        let old = #expect(throws: StorageError.self) { try LockFile(acquiring: ref) }
        #expect(old?.message.contains("stale") == true)
        #expect(old?.hint == "remove '\(lockPath)' if no mlv process is running")
    }

    @Test("waits for a busy lock until its holder releases it")
    func waitsForRelease() throws {
        let scratch = try ScratchDirectory()
        let ref = scratch.url.appendingPathComponent("main")
        let held = try LockFile(acquiring: ref)
        let lockPath = held.lockPath.path
        let releaser = Thread {
            usleep(50_000)
            try? FileManager.default.removeItem(atPath: lockPath)
        }
        releaser.start()
        let lock = try LockFile(acquiring: ref, timeout: .seconds(10))
        #expect(lock.isHeld)
        lock.release()
        _ = held
    }
}
