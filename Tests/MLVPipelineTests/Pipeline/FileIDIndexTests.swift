import MLVPipeline
import MLVRepository
import MLVStorage
import Testing

@Suite struct FileIDIndexTests {
    static let index = FileIDIndex([
        (repoPath("data/b.csv"), repeatedID(2)), (repoPath("data.csv"), repeatedID(5)),
        (repoPath("data"), repeatedID(9)), (repoPath("data-x/c.csv"), repeatedID(3)),
        (repoPath("data/a.csv"), repeatedID(1)), (repoPath("data/sub/d.csv"), repeatedID(4)),
        (repoPath("z.txt"), repeatedID(6)), (repoPath("z.txt"), repeatedID(7)),
    ])

    func paths(_ path: String) -> [String] {
        Self.index.files(under: repoPath(path)).map(\.0.rawValue)
    }

    @Test("finds a file, or the files under a folder, sorted") func under() {
        #expect(paths("data/a.csv") == ["data/a.csv"])
        #expect(paths("data") == ["data", "data/a.csv", "data/b.csv", "data/sub/d.csv"])
        #expect(paths("data/sub") == ["data/sub/d.csv"])
        #expect(paths("dat").isEmpty)
        #expect(paths("missing").isEmpty)
        #expect(Self.index.files(under: .root).count == 7)
    }

    @Test("the last id of a path wins; ids(under:) merges several paths") func ids() {
        #expect(Self.index.files(under: repoPath("z.txt")).map(\.1) == [repeatedID(7)])
        let ids = Self.index.ids(under: [repoPath("data/sub"), repoPath("data.csv")])
        #expect(ids == [repoPath("data/sub/d.csv"): repeatedID(4), repoPath("data.csv"): repeatedID(5)])
    }

    @Test("feeds a stage fingerprint") func fingerprint() throws {
        let stage = Stage(name: "s", action: .command("c"), deps: [repoPath("data")])
        let environment = RunEnvironment(pluginVersion: nil, mlvVersion: "0", computeVersion: "1", kernelSignature: "k")
        let first = try StageFingerprint(stage: stage, environment: environment, fileIDs: Self.index.files(under:))
        let changed = FileIDIndex(
            Self.index.files.map { ($0.path, $0.path.rawValue == "data/b.csv" ? repeatedID(8) : $0.id) })
        #expect(try StageFingerprint(stage: stage, environment: environment, fileIDs: changed.files(under:)) != first)
        let unrelated = FileIDIndex(
            Self.index.files.map { ($0.path, $0.path.rawValue == "z.txt" ? repeatedID(8) : $0.id) })
        #expect(try StageFingerprint(stage: stage, environment: environment, fileIDs: unrelated.files(under:)) == first)
    }
}
