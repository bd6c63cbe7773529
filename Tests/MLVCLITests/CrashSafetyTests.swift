import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

/// Kills `mlv commit -a` with SIGKILL at seeded random moments and checks that the repository
/// stays consistent: fsck passes and HEAD is the old commit or the complete new one.
@Suite struct CrashSafetyTests {
    static let trials = 50
    // One file keeps each trial short.
    static let files = 1
    static let fileSize = 2 * 1024 * 1024

    /// A repository with a small first commit and 2 MB of tracked changes, ready for `commit -a`.
    static func prepare(seed: UInt64) throws -> (TempRepository, ObjectID) {
        let repo = try TempRepository()
        var base = [String: String]()
        for index in 0..<files { base["data/part\(index).bin"] = "base \(index)\n" }
        let old = try repo.commitFiles(base, message: "base")
        var rng = SplitMix64(seed: seed)
        for index in 0..<files { try repo.write("data/part\(index).bin", rng.bytes(fileSize)) }
        return (repo, old)
    }

    @Test("SIGKILL during commit leaves HEAD at the old or the new commit and fsck clean")
    func killDuringCommit() throws {
        let fixture = try CLIFixture()
        let cli = fixture.cli
        // Measure how long an undisturbed commit takes here; delays are drawn below that.
        var typical = Duration.zero
        for seed in 0..<2 {
            let (repo, old) = try Self.prepare(seed: UInt64(1000 + seed))
            let start = ContinuousClock.now
            let result = try cli.run(["commit", "-a", "-m", "measure"], in: repo.root)
            typical = max(typical, ContinuousClock.now - start)
            #expect(result.status == 0, "\(result)")
            #expect(try repo.reopened().commit(try #require(try repo.reopened().head().commitID)).parents == [old])
        }
        let typicalMicros = max(
            Int(typical.components.seconds * 1_000_000 + typical.components.attoseconds / 1_000_000_000_000), 1000)

        var rng = SplitMix64(seed: 0xC0FFEE)
        var outcomes = (old: 0, new: 0, lockLeft: 0)
        for trial in 0..<Self.trials {
            let (repo, old) = try Self.prepare(seed: UInt64(trial))
            let message = "trial \(trial)"
            let running = try cli.start(["commit", "-a", "-m", message], in: repo.root)
            usleep(UInt32(rng.int(in: 0...typicalMicros)))
            running.kill()
            _ = try running.wait()

            let lock = repo.layout.mlv.appendingPathComponent("index.lock")
            if FileManager.default.fileExists(atPath: lock.path) {
                outcomes.lockLeft += 1
                // As with git, a crashed writer leaves its lock; the next writer must say so.
                let blocked = try cli.run(["add", "."], in: repo.root)
                #expect(blocked.status == 128, "\(blocked)")
                #expect(blocked.stderr.contains("index.lock"), "\(blocked)")
                // A kill between creating the lock and writing the pid leaves it empty, and a kill
                // after the new index was written into it (before the rename) leaves index bytes;
                // then the holder is unknown and the lock cannot be called stale.
                let text = String(decoding: (try? Data(contentsOf: lock)) ?? Data(), as: UTF8.self)
                let holderKnown = text.split(separator: " ").first.flatMap { Int32($0) } != nil
                #expect(blocked.stderr.contains(holderKnown ? "stale" : "unknown pid"), "\(blocked)")
                try FileManager.default.removeItem(at: lock)
            }
            // A ref lock may be left too when the kill hit the ref update.
            let refLock = repo.layout.file(for: try #require(RefName.branch("main"))).path + ".lock"
            if FileManager.default.fileExists(atPath: refLock) { try FileManager.default.removeItem(atPath: refLock) }

            let fsck = try cli.run(["fsck"], in: repo.root)
            #expect(fsck.status == 0, "trial \(trial): \(fsck)")
            let repository = try repo.reopened()
            let head = try #require(try repository.head().commitID)
            if head == old {
                outcomes.old += 1
            } else {
                outcomes.new += 1
                let commit = try repository.commit(head)
                #expect(commit.parents == [old], "trial \(trial)")
                #expect(commit.message == message + "\n", "trial \(trial)")
                // The new commit is complete: every file reads back in full.
                for index in 0..<Self.files {
                    var size = 0
                    try repository.readFile("HEAD", path: try #require(RepoPath("data/part\(index).bin"))) {
                        size += $0.count
                    }
                    #expect(size == Self.fileSize, "trial \(trial)")
                }
            }
            // And the repository stays usable.
            let status = try cli.run(["status", "--porcelain"], in: repo.root)
            #expect(status.status == 0, "trial \(trial): \(status)")
        }
        #expect(outcomes.old + outcomes.new == Self.trials)
        print(
            "crash safety: \(outcomes.old) old, \(outcomes.new) new, \(outcomes.lockLeft) stale locks; typical \(typical)"
        )
    }
}
