import Foundation
import MLVPipeline
import MLVRepository
import MLVTestSupport
import Testing

@Suite struct RunCacheTests {
    @Test("stores a record under its fingerprint and reads it back") func storeAndLoad() throws {
        let directory = try TempDirectory(prefix: "runcache")
        let cache = RunCache(layout: RepositoryLayout(root: directory.url))
        let record = RunRecordTests.record
        #expect(try cache.record(for: record.fingerprint) == nil)
        #expect(try cache.fingerprints().isEmpty)
        try cache.store(record)
        let url = cache.url(for: record.fingerprint)
        #expect(url.path.hasSuffix(".mlv/runs/\(String(repeating: "ee", count: 32)).json"))
        #expect(try cache.record(for: record.fingerprint) == record)
        #expect(try Array(Data(contentsOf: url)) == record.canonicalBytes())
        #expect(try cache.fingerprints() == [record.fingerprint])
        try cache.store(record)
        #expect(try cache.fingerprints() == [record.fingerprint])
    }

    @Test("refuses a record stored under another fingerprint") func misplaced() throws {
        let directory = try TempDirectory(prefix: "runcache")
        let cache = RunCache(layout: RepositoryLayout(root: directory.url))
        try cache.store(RunRecordTests.record)
        let other = StageFingerprint(id: RunRecordTests.id(0x11))
        try FileManager.default.copyItem(
            at: cache.url(for: RunRecordTests.record.fingerprint), to: cache.url(for: other))
        let error = pipelineError { _ = try cache.record(for: other) }
        #expect(error?.code == .runCache)
        #expect(
            error?.message.hasPrefix("run record '.mlv/runs/\(other).json' holds the run of fingerprint ee") == true)
    }
}
