import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

/// Kills `mlv merge` with SIGKILL at seeded random moments: fsck must pass, and `merge --abort`
/// (when a merge state is left) must bring back every file as it was, so no work is lost.
@Suite struct MergeCrashTests {
    static let trials = 16

    /// main and feature diverged; feature adds 2 × 2 MB and conflicts with main on `a.txt`.
    /// Local work: an unstaged edit the merge does not touch and an untracked file.
    static func prepare(seed: UInt64) throws -> TempRepository {
        let repo = try TempRepository()
        try repo.write("a.txt", "base\n")
        try repo.write("z.txt", "z\n")
        try repo.write("notes/keep.txt", "keep\n")
        try repo.add()
        try repo.commit("base")
        _ = try repo.repository.switchToNewBranch(
            "feature", start: nil, options: CheckoutOptions(identity: repo.identity))
        var rng = SplitMix64(seed: seed)
        for index in 0..<2 { try repo.write("data/big\(index).bin", rng.bytes(2 * 1024 * 1024)) }
        try repo.write("a.txt", "theirs\n")
        try repo.add()
        try repo.commit("feature")
        _ = try repo.repository.checkout("main", options: CheckoutOptions(identity: repo.identity))
        try repo.write("a.txt", "ours\n")
        try repo.write("z.txt", "z main\n")
        try repo.add()
        try repo.commit("main")
        try repo.write("notes/keep.txt", "unstaged local edit\n")
        try repo.write("untracked.txt", "mine\n")
        return repo
    }

    static func snapshot(_ root: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return out }
        for case let relative as String in walker where !relative.hasPrefix(".mlv") {
            let url = root.appendingPathComponent(relative)
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                out[relative] = try Data(contentsOf: url)
            }
        }
        return out
    }

    @Test("SIGKILL during merge: fsck stays clean and --abort restores every file")
    func killDuringMerge() throws {
        let cli = try CLIFixture().cli
        let measured = try Self.prepare(seed: 999)
        let start = ContinuousClock.now
        #expect(try cli.run(["merge", "feature"], in: measured.root).status == 1)
        let elapsed = ContinuousClock.now - start
        let typicalMicros = max(
            Int(elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000), 1000)
        var rng = SplitMix64(seed: 0xBADC0DE)
        var outcomes = (none: 0, interrupted: 0, stopped: 0)
        for trial in 0..<Self.trials {
            let repo = try Self.prepare(seed: UInt64(trial))
            let before = try Self.snapshot(repo.root)
            let running = try cli.start(["merge", "feature"], in: repo.root)
            usleep(UInt32(rng.int(in: 0...typicalMicros)))
            running.kill()
            _ = try running.wait()
            // As after any crashed writer, the user removes a lock the hint names.
            for lock in [repo.layout.index.path + ".lock", repo.layout.head.path + ".lock"] {
                try? FileManager.default.removeItem(atPath: lock)
            }
            let fsck = try cli.run(["fsck"], in: repo.root)
            #expect(fsck.status == 0, "trial \(trial): \(fsck)")
            let hasHead = FileManager.default.fileExists(atPath: repo.layout.mergeHead.path)
            let hasState = FileManager.default.fileExists(atPath: repo.layout.mergeState.path)
            if hasHead {
                outcomes.stopped += 1
            } else if hasState {
                outcomes.interrupted += 1
            } else {
                outcomes.none += 1
            }
            if hasHead || hasState {
                let abort = try cli.run(["merge", "--abort"], in: repo.root)
                #expect(abort.status == 0, "trial \(trial): \(abort)")
            }
            #expect(try Self.snapshot(repo.root) == before, "trial \(trial)")
            #expect(try repo.reopened().head().commitID == (try repo.repository.resolveCommit("main")))
            let status = try cli.run(["status", "--porcelain"], in: repo.root)
            #expect(status.stdout == " M notes/keep.txt\n?? untracked.txt\n", "trial \(trial): \(status)")
        }
        print("merge crash safety: \(outcomes); typical \(elapsed)")
    }
}
