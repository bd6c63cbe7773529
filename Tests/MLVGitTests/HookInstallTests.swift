import Foundation
import MLVGit
import MLVTestSupport
import Testing

@Suite struct HookInstallTests {
    static let hooks = ["post-checkout", "post-merge", "post-rewrite", "pre-commit", "pre-push"]

    func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
    }

    @Test("install writes executable stubs; twice changes nothing; uninstall removes them")
    func installIsIdempotent() throws {
        let f = try GitFixture()
        let root = try f.sandbox.initRepository()
        let hooks = root.appendingPathComponent(".git/hooks")
        let first = try f.mlv(0, ["git", "install"], in: root)
        #expect(first.stdout == Self.hooks.map { "\($0): installed\n" }.joined())
        for hook in Self.hooks {
            let url = hooks.appendingPathComponent(hook)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.hasPrefix("#!/bin/sh\n# mlv-hook-stub 1\n"))
            #expect(text.contains("mlv git hook \(hook) \"$@\""))
            #expect(try mode(url) == 0o755)
        }
        let before = try Self.hooks.map { try Data(contentsOf: hooks.appendingPathComponent($0)) }
        let second = try f.mlv(0, ["git", "install"], in: root)
        #expect(second.stdout == Self.hooks.map { "\($0): unchanged\n" }.joined())
        #expect(try Self.hooks.map { try Data(contentsOf: hooks.appendingPathComponent($0)) } == before)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: hooks.path).filter { $0.hasPrefix(".mlv-hook") }.isEmpty
        )
        try f.mlv(0, ["git", "uninstall"], in: root)
        for hook in Self.hooks {
            #expect(!FileManager.default.fileExists(atPath: hooks.appendingPathComponent(hook).path))
        }
    }

    @Test("a pre-existing hook is chained: it runs first with the same arguments, and its exit status counts")
    func chainsExistingHook() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository(hooks: false)
        let hooks = root.appendingPathComponent(".git/hooks")
        let log = f.sandbox.scratch.appending("hook.log")
        let original = "#!/bin/sh\necho \"mine $*\" >> '\(log.path)'\nexit ${MY_HOOK_STATUS:-0}\n"
        let preCommit = hooks.appendingPathComponent("pre-commit")
        try Data(original.utf8).write(to: preCommit)
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: preCommit.path)
        let postCheckout = hooks.appendingPathComponent("post-checkout")
        try Data(original.utf8).write(to: postCheckout)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: postCheckout.path)
        let installed = try f.mlv(0, ["git", "install"], in: root)
        #expect(installed.stdout.contains("pre-commit: chained\n"))
        #expect(installed.stdout.contains("post-checkout: chained\n"))
        #expect(try Data(contentsOf: hooks.appendingPathComponent("pre-commit.mlv-chained")) == Data(original.utf8))
        try f.write(root, "data/a.txt", "one\n")
        try f.commitBoth(root, "first")
        try f.git(["checkout", "-q", "-b", "side"], in: root)
        let logged = try String(contentsOf: log, encoding: .utf8)
        #expect(logged.hasPrefix("mine \nmine "))
        #expect(logged.hasSuffix(" 1\n"))
        // A failing chained pre-commit stops the commit with its status.
        try f.write(root, "README.md", "changed\n")
        try f.git(["add", "README.md"], in: root)
        try Data("#!/bin/sh\nexit 3\n".utf8).write(to: hooks.appendingPathComponent("pre-commit.mlv-chained"))
        try f.git(["commit", "-q", "-m", "blocked"], in: root, status: 1)
        try Data(original.utf8).write(to: hooks.appendingPathComponent("pre-commit.mlv-chained"))
        // Uninstall restores the hooks byte for byte, with their modes.
        try f.mlv(0, ["git", "uninstall"], in: root)
        #expect(try Data(contentsOf: preCommit) == Data(original.utf8))
        #expect(try mode(preCommit) == 0o750)
        #expect(try Data(contentsOf: postCheckout) == Data(original.utf8))
        #expect(try mode(postCheckout) == 0o700)
        #expect(!FileManager.default.fileExists(atPath: hooks.appendingPathComponent("pre-push").path))
        #expect(!FileManager.default.fileExists(atPath: preCommit.path + ".mlv-chained"))
    }

    @Test("hooks go to core.hooksPath when set")
    func honoursHooksPath() throws {
        let f = try GitFixture()
        let root = try f.sandbox.initRepository()
        try f.git(["config", "core.hooksPath", "githooks"], in: root)
        try f.mlv(0, ["git", "install"], in: root)
        for hook in Self.hooks {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("githooks/\(hook)").path))
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".git/hooks/\(hook)").path))
        }
        try f.mlv(0, ["git", "uninstall"], in: root)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("githooks").path).isEmpty)
    }

    @Test("a stub whose mlv is not on PATH says so: pre-commit fails, post-checkout does not")
    func missingMLV() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository()
        try f.write(root, "data/a.txt", "one\n")
        try f.commitBoth(root, "first")
        let offPath = try GitFixture(mlvOnPath: false)
        try f.write(root, "README.md", "changed\n")
        try offPath.git(["add", "README.md"], in: root)
        let refused = try offPath.git(["commit", "-q", "-m", "x"], in: root, status: 1)
        #expect(refused.contains("mlv: 'mlv' is not on PATH, so git's pre-commit hook cannot run it"))
        #expect(refused.contains("'mlv git uninstall'"))
        let switched = try offPath.git(["checkout", "-q", "-b", "other"], in: root)
        #expect(switched.contains("mlv: 'mlv' is not on PATH, so git's post-checkout hook cannot run it"))
    }

    @Test("install refuses when a foreign hook and a chained one both exist, touching nothing")
    func conflict() throws {
        let f = try GitFixture()
        let root = try f.sandbox.initRepository()
        let hooks = root.appendingPathComponent(".git/hooks")
        try Data("#!/bin/sh\n".utf8).write(to: hooks.appendingPathComponent("pre-push"))
        try Data("#!/bin/sh\n".utf8).write(to: hooks.appendingPathComponent("pre-push.mlv-chained"))
        let result = try f.mlv(128, ["git", "install"], in: root)
        #expect(result.stderr.hasPrefix("fatal: both '"))
        #expect(!FileManager.default.fileExists(atPath: hooks.appendingPathComponent("pre-commit").path))
    }
}

/// The stubs' exact bytes, compared with `Golden/`; record with `MLV_RECORD_GOLDEN=1`.
@Suite struct HookStubGoldenTests {
    @Test("the stub of a hook without stdin and of one with stdin")
    func stubs() {
        assertGolden(HookInstaller.stub(for: .preCommit), named: "stubPreCommit")
        assertGolden(HookInstaller.stub(for: .prePush), named: "stubPrePush")
        assertGolden(HookInstaller.stub(for: .postCheckout), named: "stubPostCheckout")
    }
}
