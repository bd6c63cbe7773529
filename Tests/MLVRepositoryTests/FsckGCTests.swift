import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct FsckGCTests {
    @Test("fsck is clean on a good repository with history, branches and tags")
    func clean() throws {
        let repo = try TempRepository()
        var rng = SplitMix64(seed: 3)
        try repo.write("data.csv", rng.csv(rows: 2000))
        try repo.add()
        try repo.commit("one")
        try repo.commitFiles(["b.txt": "b"], message: "two")
        _ = try repo.repository.createTag("v1", target: nil, message: "tag", force: false, identity: repo.identity)
        let report = try repo.reopened().fsck()
        #expect(report.isClean, "\(report.problems)")
        #expect(report.objectsChecked > 5)
    }

    @Test("fsck reports a chunk that a file manifest names but the store lacks")
    func missingChunk() throws {
        let repo = try TempRepository()
        let base = try repo.commitFiles(["ok.txt": "fine"], message: "one")
        let repository = repo.repository
        let missing = SHA256Hasher.hash(Array("never stored".utf8))
        let writer = try repository.objects.makeWriter()
        let manifest = try writer.put(FileManifest(chunks: [.init(id: missing, length: 12)]).encoded(), kind: .file)
        let tree = try Tree(entries: [Tree.Entry(name: "lost.bin", mode: .file, id: manifest, size: 12)])
        let treeID = try writer.put(tree.encoded(), kind: .tree)
        let commit = Commit(
            tree: treeID, parents: [base], author: try repo.identity.signature(for: repository),
            committer: try repo.identity.signature(for: repository), message: "broken\n")
        let commitID = try writer.put(commit.encoded(), kind: .commit)
        try writer.commit()
        try repository.refs.update(
            try #require(RefName.branch("main")), to: commitID, expecting: .value(base),
            log: ReflogEntryContext(who: commit.author, message: "test"))
        let report = try repo.reopened(tolerateDamage: true).fsck()
        #expect(report.problems.contains { $0.contains("missing chunk \(missing)") }, "\(report.problems)")
    }

    @Test("fsck reports a flipped byte in the middle of a pack")
    func corruptedPack() throws {
        let repo = try TempRepository()
        var rng = SplitMix64(seed: 11)
        try repo.write("random.bin", rng.bytes(300_000))
        try repo.add()
        try repo.commit("data")
        #expect(try repo.reopened().fsck().isClean)
        let packs = try repo.packFiles()
        let largest = try #require(
            packs.max {
                (try? $0.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0) ?? 0
                    < (try? $1.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0) ?? 0
            })
        var bytes = [UInt8](try Data(contentsOf: largest))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: largest)
        let report = try repo.reopened(tolerateDamage: true).fsck()
        #expect(!report.isClean)
        #expect(
            report.problems.contains {
                $0.contains(largest.deletingPathExtension().lastPathComponent) || $0.contains("pack")
            }, "\(report.problems)")
    }

    @Test("gc drops objects nothing reaches and keeps everything reachable")
    func gcUnreachable() throws {
        let repo = try TempRepository()
        var rng = SplitMix64(seed: 5)
        let kept = rng.bytes(200_000)
        try repo.write("kept.bin", kept)
        try repo.add()
        try repo.commit("kept")
        // Stage a file, then unstage it: its chunks and manifest become unreachable.
        try repo.write("junk.bin", rng.bytes(150_000))
        try repo.add("junk.bin")
        let junkID = try #require(try repo.repository.readIndex()[try repoPath("junk.bin")]?.id)
        let junkChunks = try repo.repository.manifest(junkID).chunks.map(\.id)
        try repo.repository.resetPaths([try repoPath("junk.bin")])

        let plan = try repo.reopened().gc(dryRun: true)
        #expect(!plan.executed)
        #expect(plan.plan.droppedObjects >= junkChunks.count + 1)
        #expect(try repo.reopened().objects.contains(junkID, kind: .file), "dry run deletes nothing")

        let result = try repo.reopened().gc(dryRun: false)
        #expect(result.executed)
        let after = try repo.reopened()
        #expect(!after.objects.contains(junkID, kind: .file))
        for chunk in junkChunks { #expect(!after.objects.contains(chunk, kind: .chunk)) }
        #expect(try after.fsck().isClean)
        var out = [UInt8]()
        try after.readFile("HEAD", path: try repoPath("kept.bin")) { out += $0 }
        #expect(out == kept)
        #expect(try repo.readText("junk.bin").count > 0, "gc never touches the worktree")
    }

    @Test("gc refuses to run on a repository with problems")
    func gcRefusesDamage() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["a": "a"], message: "one")
        let ref = try #require(RefName.branch("dangling"))
        try Data("\(SHA256Hasher.hash(Array("no such commit".utf8)))\n".utf8).write(to: repo.layout.file(for: ref))
        #expect(!(try repo.reopened().fsck().isClean))
        expectRepositoryError(.corrupt) { _ = try repo.reopened().gc(dryRun: false) }
    }
}

@Suite struct UnsafeTreeTests {
    @Test("a tree with a '..' entry is refused by checkout and reported by fsck")
    func dotDotEntry() throws {
        let outer = try TempDirectory(prefix: "unsafe")
        let root = outer.appending("repo")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let repository = try Repository.initialize(at: root).repository
        try Data("safe".utf8).write(to: root.appendingPathComponent("safe.txt"))
        _ = try repository.add(AddOptions(paths: [.root]))
        let base = try repository.commit(CommitOptions(message: "base", identity: TestIdentity.identity))
        let fileID = try #require(try repository.readIndex()[try repoPath("safe.txt")]?.id)

        // Hand-made bodies bypass Tree's validation: '..' is a folder holding escaped.txt.
        let writer = try repository.objects.makeWriter()
        let inner = try writer.put(
            try Tree(entries: [Tree.Entry(name: "escaped.txt", mode: .file, id: fileID, size: 4)]).encoded(),
            kind: .tree)
        var body: [UInt8] = [0, 0, 0, 1, Tree.Mode.directory.rawValue, 0, 2] + Array("..".utf8) + inner.bytes
        body += [UInt8](repeating: 0, count: 8)
        let evilTree = try writer.put(body, kind: .tree)
        let who = try TestIdentity.identity.signature(for: repository)
        let evil = try writer.put(
            Commit(tree: evilTree, parents: [base.id], author: who, committer: who, message: "evil\n").encoded(),
            kind: .commit)
        try writer.commit()
        try repository.refs.update(
            try #require(RefName.branch("evil")), to: evil, expecting: .absent,
            log: ReflogEntryContext(who: who, message: "test"))

        let error = expectRepositoryError(.unsafeTree) {
            _ = try repository.checkout("evil", options: checkoutOptions(force: true))
        }
        #expect(error?.message.contains("..") == true)
        #expect(!FileManager.default.fileExists(atPath: outer.appending("escaped.txt").path))
        #expect(try repository.head().commitID == base.id)
        let report = try Repository(root: root).fsck()
        #expect(
            report.problems.contains { $0.contains(evilTree.description) && $0.contains("..") }, "\(report.problems)")
    }
}

@Suite struct RepositoryLockTests {
    @Test("a second operation fails at once while a live process holds index.lock")
    func liveLock() throws {
        let repo = try TempRepository()
        try repo.write("a", "a")
        let lock = repo.layout.mlv.appendingPathComponent("index.lock")
        try Data("\(ProcessInfo.processInfo.processIdentifier) \(LockHost.name)\n".utf8).write(to: lock)
        let error = expectRepositoryError(.io) { try repo.add() }
        #expect(
            error?.message.contains("another mlv process (pid \(ProcessInfo.processInfo.processIdentifier))") == true)
        #expect(error?.message.contains("index.lock") == true)
        expectRepositoryError(.io) { try repo.commit("blocked", allowEmpty: true) }
        #expect(FileManager.default.fileExists(atPath: lock.path), "the holder's lock is left alone")
        try FileManager.default.removeItem(at: lock)
        try repo.add()
    }

    @Test("a lock left by a dead process is reported as stale with the fix")
    func staleLock() throws {
        let repo = try TempRepository()
        try repo.write("a", "a")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let deadPID = process.processIdentifier
        let lock = repo.layout.mlv.appendingPathComponent("index.lock")
        try Data("\(deadPID) \(LockHost.name)\n".utf8).write(to: lock)
        let error = expectRepositoryError(.io) { try repo.add() }
        #expect(error?.message.contains("stale") == true)
        #expect(error?.message.contains("pid \(deadPID)") == true)
        #expect(error?.hint?.contains("remove '\(lock.path)'") == true)
        try FileManager.default.removeItem(at: lock)
        #expect(try repo.add().staged.count == 1)
    }
}

@Suite struct FormatVersionTests {
    @Test("refuses a repository whose format version is unknown or missing")
    func unknownVersion() throws {
        let repo = try TempRepository()
        let text = try String(contentsOf: repo.layout.config, encoding: .utf8)
        let changed = text.replacingOccurrences(
            of: "formatversion = 1", with: "formatversion = 2", options: .caseInsensitive)
        #expect(changed != text)
        try Data(changed.utf8).write(to: repo.layout.config)
        let error = expectRepositoryError(.unsupportedFormat) { _ = try Repository(root: repo.root) }
        #expect(error?.message.contains("version 2") == true)
        #expect(error?.hint == "upgrade mlv")
        expectRepositoryError(.unsupportedFormat) { _ = try Repository.discover(from: repo.url("sub/dir")) }
        try Data("[core]\n".utf8).write(to: repo.layout.config)
        expectRepositoryError(.unsupportedFormat) { _ = try Repository(root: repo.root) }
    }

    @Test("finds the repository from a subfolder and refuses a plain folder")
    func discovery() throws {
        let repo = try TempRepository()
        try repo.write("a/b/c.txt", "x")
        let found = try Repository.discover(from: repo.url("a/b"))
        #expect(found.layout.root.standardizedFileURL.path == repo.root.standardizedFileURL.path)
        let plain = try TempDirectory()
        expectRepositoryError(.notARepository) { _ = try Repository(root: plain.url) }
        #expect(throws: RepositoryError.self) { _ = try Repository.discover(from: plain.url) }
    }

    @Test("setConfig persists keys but never the format version")
    func setConfig() throws {
        let repo = try TempRepository()
        try repo.repository.setConfig("user.name", "Someone Else")
        #expect(try repo.reopened().config["user.name"] == "Someone Else")
        expectRepositoryError(.invalidConfig) { try repo.repository.setConfig("core.formatVersion", "2") }
        expectRepositoryError(.invalidConfig) { try repo.repository.setConfig("nosection", "x") }
        let signature = try TestIdentity.identity.signature(for: try repo.reopened())
        #expect(signature.name == "Someone Else")
    }
}

@Suite struct InsertionStabilityTests {
    @Test("inserting 100 bytes in the middle of a 2 MB file stores only a few new chunks")
    func insertion() throws {
        let repo = try TempRepository()
        var rng = SplitMix64(seed: 2024)
        var content = rng.bytes(2 * 1024 * 1024)
        try repo.write("weights.bin", content)
        let first = try repo.add()
        #expect(first.newBytes >= content.count * 9 / 10)
        try repo.commit("v1")
        content.insert(contentsOf: rng.bytes(100), at: content.count / 2)
        try repo.write("weights.bin", content)
        let second = try repo.add()
        let maxChunk = ChunkerParameters.standard.maxSize
        #expect(second.newBytes > 0)
        #expect(second.newBytes <= 3 * maxChunk, "new bytes: \(second.newBytes)")
        try repo.commit("v2")
        #expect(try repo.cat("HEAD", "weights.bin") == content)
        #expect(try repo.reopened().fsck().isClean)
    }
}

@Suite struct PackConsolidationOnCommitTests {
    @Test("commits roll small packs together past gc.autoPackLimit; history and fsck stay intact")
    func commitsConsolidate() throws {
        let repo = try TempRepository()
        try repo.repository.setConfig("gc.autoPackLimit", "6")
        let repository = try repo.reopened()
        var commits: [ObjectID] = []
        for step in 0..<30 {
            try repo.write("step.txt", "step \(step)\n")
            _ = try repository.add(AddOptions(paths: [.root]))
            commits.append(try repository.commit(CommitOptions(message: "step \(step)", identity: repo.identity)).id)
            #expect(try repo.packFiles().count <= 7, "after commit \(step)")
        }
        let fresh = try repo.reopened()
        #expect(try fresh.log(from: [commits.last!]).map(\.id) == commits.reversed())
        #expect(try fresh.fsck().isClean)

        try repo.repository.setConfig("gc.autoPackLimit", "0")
        let unlimited = try repo.reopened()
        let before = try repo.packFiles().count
        for step in 0..<4 {
            try repo.write("step.txt", "again \(step)\n")
            _ = try unlimited.add(AddOptions(paths: [.root]))
            _ = try unlimited.commit(CommitOptions(message: "again \(step)", identity: repo.identity))
        }
        #expect(try repo.packFiles().count >= before + 4)
    }
}
