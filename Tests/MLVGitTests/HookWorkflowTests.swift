import Foundation
import MLVGit
import MLVStorage
import MLVTestSupport
import Testing

/// git commands move the tracked data through mlv's hooks.
@Suite struct HookWorkflowTests {
    @Test("branch, checkout back and forth, merge: the data follows mlv.lock")
    func branchCheckoutMerge() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository()
        var rng = SplitMix64(seed: 7)
        let big = rng.bytes(200_000)
        try f.write(root, "data/big.bin", big)
        try f.write(root, "data/table.csv", "id,x\n1,a\n")
        try f.write(root, "data/old.txt", "old\n")
        try f.commitBoth(root, "v1")
        try f.git(["checkout", "-q", "-b", "feature"], in: root)
        var changed = big
        changed[1000] ^= 0xFF
        try f.write(root, "data/big.bin", changed)
        try f.write(root, "data/table.csv", "id,x\n1,a\n2,b\n")
        try FileManager.default.removeItem(at: root.appendingPathComponent("data/old.txt"))
        try f.write(root, "data/new.txt", "new\n")
        try f.mlv(0, ["add", "."], in: root)
        try f.mlv(0, ["commit", "-a", "-m", "v2"], in: root)
        try f.git(["add", "mlv.lock"], in: root)
        try f.git(["commit", "-q", "-m", "v2"], in: root)
        for _ in 0..<2 {
            let back = try f.git(["checkout", "-q", "main"], in: root)
            #expect(back.contains("mlv: restored tracked data (3 written, 1 removed)"), "\(back)")
            #expect(f.sandbox.read(root, "data/big.bin") == big)
            #expect(f.text(root, "data/table.csv") == "id,x\n1,a\n")
            #expect(f.text(root, "data/old.txt") == "old\n")
            #expect(f.sandbox.read(root, "data/new.txt") == nil)
            #expect(f.text(root, ".mlv/HEAD") == "ref: refs/heads/main\n")
            try f.git(["checkout", "-q", "feature"], in: root)
            #expect(f.sandbox.read(root, "data/big.bin") == changed)
            #expect(f.text(root, "data/new.txt") == "new\n")
            #expect(f.sandbox.read(root, "data/old.txt") == nil)
            #expect(f.text(root, ".mlv/HEAD") == "ref: refs/heads/feature\n")
        }
        #expect(try f.mlv(0, ["status", "--porcelain"], in: root).stdout == "")
        // A detached git HEAD detaches mlv's.
        try f.git(["checkout", "-q", "--detach", "main"], in: root)
        #expect(f.text(root, "data/table.csv") == "id,x\n1,a\n")
        #expect(f.text(root, ".mlv/HEAD")?.hasPrefix("ref:") == false)
        // Merging feature into main (main changed code only) brings feature's data.
        try f.git(["checkout", "-q", "main"], in: root)
        try f.write(root, "README.md", "code v2\n")
        try f.git(["commit", "-q", "-am", "code"], in: root)
        let merged = try f.git(["merge", "-q", "--no-edit", "feature"], in: root)
        #expect(merged.contains("mlv: restored tracked data"), "\(merged)")
        #expect(f.sandbox.read(root, "data/big.bin") == changed)
        #expect(f.text(root, "data/table.csv") == "id,x\n1,a\n2,b\n")
        #expect(try f.mlv(0, ["status", "--porcelain"], in: root).stdout == "")
        #expect(try f.git(["fsck", "--no-progress"], in: root).isEmpty)
    }

    @Test("rebase and stash keep the data in step with mlv.lock")
    func rebaseAndStash() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository()
        try f.write(root, "data/a.txt", "one\n")
        try f.commitBoth(root, "v1")
        try f.git(["checkout", "-q", "-b", "topic"], in: root)
        try f.write(root, "data/a.txt", "two\n")
        try f.mlv(0, ["commit", "-a", "-m", "v2"], in: root)
        try f.git(["add", "mlv.lock"], in: root)
        try f.git(["commit", "-q", "-m", "v2"], in: root)
        try f.git(["checkout", "-q", "main"], in: root)
        #expect(f.text(root, "data/a.txt") == "one\n")
        try f.write(root, "README.md", "main moved\n")
        try f.git(["commit", "-q", "-am", "main"], in: root)
        try f.git(["checkout", "-q", "topic"], in: root)
        try f.git(["rebase", "-q", "main"], in: root)
        #expect(f.text(root, "data/a.txt") == "two\n")
        #expect(f.text(root, "README.md") == "main moved\n")
        #expect(try f.mlv(0, ["status", "--porcelain"], in: root).stdout == "")
        // Stash: git stash does not run hooks; 'mlv git restore' brings the data in step.
        try f.write(root, "data/a.txt", "three\n")
        try f.mlv(0, ["commit", "-a", "-m", "v3"], in: root)
        try f.git(["stash", "-q"], in: root)
        try f.mlv(0, ["git", "restore"], in: root)
        #expect(f.text(root, "data/a.txt") == "two\n")
        try f.git(["stash", "pop", "-q"], in: root)
        try f.mlv(0, ["git", "restore"], in: root)
        #expect(f.text(root, "data/a.txt") == "three\n")
    }

    @Test("pre-commit refuses data that differs from mlv.lock, naming the files and what to run")
    func preCommitRefuses() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository()
        try f.write(root, "data/a.txt", "one\n")
        try f.commitBoth(root, "v1")
        try f.write(root, "data/a.txt", "changed\n")
        try f.write(root, "data/b.txt", "new\n")
        try f.write(root, "README.md", "code change\n")
        try f.git(["add", "README.md"], in: root)
        let refused = try f.git(["commit", "-q", "-m", "code"], in: root, status: 1)
        #expect(refused.contains("mlv: tracked data differs from mlv.lock: data/a.txt, data/b.txt"), "\(refused)")
        #expect(refused.contains("run 'mlv commit -a -m <message>' (it updates mlv.lock"))
        #expect(refused.contains("then 'git add mlv.lock'"))
        try f.mlv(0, ["add", "."], in: root)
        try f.mlv(0, ["commit", "-m", "v2"], in: root)
        let unstaged = try f.git(["commit", "-q", "-m", "code"], in: root, status: 1)
        #expect(unstaged.contains("mlv.lock has changes that are not staged"), "\(unstaged)")
        try f.git(["add", "mlv.lock"], in: root)
        try f.git(["commit", "-q", "-m", "code"], in: root)
    }

    @Test("with git.autocommit, pre-commit records the data in mlv and stages mlv.lock")
    func preCommitAutocommit() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository()
        try f.write(root, "data/a.txt", "one\n")
        try f.commitBoth(root, "v1")
        try f.mlv(0, ["config", "git.autocommit", "true"], in: root)
        try f.write(root, "data/a.txt", "two\n")
        try f.write(root, "data/b.txt", "new\n")
        // git decides whether there is anything to commit before it re-reads the index after
        // pre-commit, so a code change goes along (docs/GIT.md, "Troubleshooting").
        try f.write(root, "README.md", "code v2\n")
        let output = try f.git(["commit", "-q", "-am", "with data"], in: root)
        #expect(output.contains("mlv: recorded 2 changed file(s) as mlv commit"), "\(output)")
        let committedLock = try f.git(["show", "HEAD:mlv.lock"], in: root)
        #expect(committedLock.contains(" 4 data/a.txt\n") && committedLock.contains(" 4 data/b.txt\n"))
        #expect(try f.git(["status", "--porcelain"], in: root).isEmpty)
        #expect(try f.mlv(0, ["status", "--porcelain"], in: root).stdout == "")
    }

    @Test("a clone without mlv objects says what is missing; with a copy of the store it restores")
    func cloneRestores() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository()
        try f.write(root, "data/a.txt", "one\n")
        try f.write(root, "data/b.bin", [1, 2, 3])
        try f.commitBoth(root, "v1")
        let clone = f.sandbox.scratch.appending("clone")
        try f.git(["clone", "-q", root.path, clone.path], in: f.sandbox.scratch.url)
        try f.git(["config", "user.name", "Test User"], in: clone)
        try f.mlv(0, ["git", "install"], in: clone)
        let missing = try f.mlv(128, ["git", "restore"], in: clone)
        #expect(
            missing.stderr.hasPrefix("fatal: mlv.lock names data that is not in mlv's store (3 missing): commit "),
            "\(missing)")
        #expect(missing.stderr.contains("data/a.txt, data/b.bin"))
        #expect(missing.stderr.contains("hint: add the mlv remote that holds them"))
        #expect(f.sandbox.read(clone, "data/a.txt") == nil)
        // A file checkout (post-checkout flag 0) does nothing; a branch checkout reports the
        // same as restore, without failing git.
        try f.write(clone, "README.md", "edited\n")
        #expect(try f.git(["checkout", "--", "README.md"], in: clone).isEmpty)
        let checkout = try f.git(["checkout", "-q", "-b", "x"], in: clone)
        #expect(checkout.contains("mlv: mlv.lock names data that is not in mlv's store"), "\(checkout)")
        // With the objects copied over, the data comes back.
        try FileManager.default.removeItem(at: clone.appendingPathComponent(".mlv"))
        try FileManager.default.copyItem(
            at: root.appendingPathComponent(".mlv"), to: clone.appendingPathComponent(".mlv"))
        let restored = try f.mlv(0, ["git", "restore"], in: clone)
        #expect(restored.stdout.contains("2 written"), "\(restored)")
        #expect(f.text(clone, "data/a.txt") == "one\n")
        #expect(f.sandbox.read(clone, "data/b.bin") == [1, 2, 3])
        #expect(f.text(clone, ".mlv/HEAD") == "ref: refs/heads/x\n")
    }

    @Test("pre-push says no mlv remote is paired and lets the push go")
    func prePush() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository()
        try f.write(root, "data/a.txt", "one\n")
        try f.commitBoth(root, "v1")
        let bare = f.sandbox.scratch.appending("bare.git")
        try f.git(["init", "-q", "--bare", bare.path], in: f.sandbox.scratch.url)
        try f.git(["remote", "add", "origin", bare.path], in: root)
        let pushed = try f.git(["push", "-q", "origin", "main"], in: root)
        #expect(
            pushed.contains(
                "mlv: no mlv remote paired with git remote 'origin'; set `mlv config git.remote.origin <mlv-remote>`"),
            "\(pushed)")
    }

    @Test("gc roots hold the commits of every mlv.lock in git's history")
    func gcRootsFromHistory() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository()
        try f.write(root, "data/a.txt", "one\n")
        try f.commitBoth(root, "v1")
        let first = try #require(f.text(root, "mlv.lock"))
        try f.write(root, "data/a.txt", "two\n")
        try f.mlv(0, ["commit", "-a", "-m", "v2"], in: root)
        try f.git(["add", "mlv.lock"], in: root)
        try f.git(["commit", "-q", "-m", "v2"], in: root)
        let roots = try GitWorkspace.open(from: root).gitRoots()
        let firstCommit = try DataLock(parsing: first, source: "v1").commit
        let secondCommit = try DataLock(parsing: try #require(f.text(root, "mlv.lock")), source: "v2").commit
        #expect(roots.commits.contains(firstCommit))
        #expect(roots.commits.contains(secondCommit))
        // After gc, the older git commit's data still restores.
        try f.mlv(0, ["gc"], in: root)
        try f.git(["checkout", "-q", "HEAD~1"], in: root)
        #expect(f.text(root, "data/a.txt") == "one\n")
    }

    @Test("when both branches changed data, mlv.lock conflicts; mlv merge resolves it and rewrites the lock")
    func mergeWithDataOnBothSides() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository()
        try f.write(root, "data/a.txt", "one\n")
        try f.commitBoth(root, "v1")
        try f.git(["checkout", "-q", "-b", "side"], in: root)
        try f.write(root, "data/b.txt", "side\n")
        try f.commitBoth(root, "side data")
        try f.git(["checkout", "-q", "main"], in: root)
        #expect(f.sandbox.read(root, "data/b.txt") == nil)
        try f.write(root, "data/c.txt", "main\n")
        try f.commitBoth(root, "main data")
        let conflict = try f.git(["merge", "-q", "--no-edit", "side"], in: root, status: 1)
        #expect(conflict.contains("mlv.lock"), "\(conflict)")
        try f.mlv(0, ["merge", "side", "-m", "Merge side's data"], in: root)
        let lock = try #require(f.text(root, "mlv.lock"))
        #expect(!lock.contains("<<<<<<<"))
        #expect(lock.contains(" data/a.txt\n") && lock.contains(" data/b.txt\n") && lock.contains(" data/c.txt\n"))
        try f.git(["add", "mlv.lock"], in: root)
        try f.git(["commit", "-q", "--no-edit"], in: root)
        #expect(f.text(root, "data/b.txt") == "side\n")
        #expect(f.text(root, "data/c.txt") == "main\n")
        #expect(try f.mlv(0, ["status", "--porcelain"], in: root).stdout == "")
        #expect(try f.git(["status", "--porcelain"], in: root).isEmpty)
    }
}
