import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

/// Ctrl-C during a long `mlv add` removes the lock and the packs being written and exits 130, so
/// the next command just works.
@Suite struct InterruptTests {
    @Test(
        "SIGINT and SIGTERM during add exit 128+signal, leave no lock and a clean repository",
        arguments: [SIGINT, SIGTERM])
    func interruptDuringAdd(signal: Int32) throws {
        let fixture = try CLIFixture()
        let repo = try TempRepository()
        var rng = SplitMix64(seed: 77)
        // Large enough that a debug build is still reading it when the signal arrives.
        for part in 0..<4 { try repo.write("big\(part).bin", rng.bytes(16 << 20)) }
        let running = try fixture.cli.start(["add", "."], in: repo.root)
        usleep(300_000)
        running.send(signal)
        let result = try running.wait()
        // The command either finished first (0) or was interrupted (128 + signal); never killed
        // by the signal itself.
        #expect(!result.signaled, "\(result)")
        #expect(result.status == 0 || result.status == 128 + signal, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: repo.layout.index.path + ".lock"))
        // Packs being written are removed too.
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.layout.tmp.path).isEmpty)
        let status = try fixture.cli.run(["status", "--porcelain"], in: repo.root)
        #expect(status.status == 0, "\(status)")
        let fsck = try fixture.cli.run(["fsck"], in: repo.root)
        #expect(fsck.status == 0, "\(fsck)")
    }
}
