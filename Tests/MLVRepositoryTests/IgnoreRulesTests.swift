import MLVTestSupport
import Testing

@testable import MLVRepository

@Suite struct IgnoreRulesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var rules: String
        var path: String
        var isDirectory = false
        var ignored: Bool
        var testDescription: String { "\(rules.debugDescription) \(path)\(isDirectory ? "/" : "") → \(ignored)" }
    }

    static let cases: [Case] = [
        Case(rules: "*.log", path: "a.log", ignored: true),
        Case(rules: "*.log", path: "deep/dir/a.log", ignored: true),
        Case(rules: "*.log", path: "a.log.txt", ignored: false),
        Case(rules: "*.log\n!keep.log", path: "keep.log", ignored: false),
        Case(rules: "*.log\n!keep.log", path: "other.log", ignored: true),
        Case(rules: "!keep.log\n*.log", path: "keep.log", ignored: true),
        Case(rules: "build/", path: "build", isDirectory: true, ignored: true),
        Case(rules: "build/", path: "build", isDirectory: false, ignored: false),
        Case(rules: "build/", path: "src/build", isDirectory: true, ignored: true),
        Case(rules: "/root.txt", path: "root.txt", ignored: true),
        Case(rules: "/root.txt", path: "sub/root.txt", ignored: false),
        Case(rules: "doc/*.txt", path: "doc/a.txt", ignored: true),
        Case(rules: "doc/*.txt", path: "doc/sub/a.txt", ignored: false),
        Case(rules: "doc/*.txt", path: "x/doc/a.txt", ignored: false),
        Case(rules: "**/cache", path: "cache", isDirectory: true, ignored: true),
        Case(rules: "**/cache", path: "a/b/cache", isDirectory: true, ignored: true),
        Case(rules: "logs/**", path: "logs/a/b.txt", ignored: true),
        Case(rules: "logs/**", path: "other/logs", ignored: false),
        Case(rules: "a/**/z", path: "a/z", ignored: true),
        Case(rules: "a/**/z", path: "a/b/c/z", ignored: true),
        Case(rules: "a/**/z", path: "b/a/z", ignored: false),
        Case(rules: "[abc].bin", path: "b.bin", ignored: true),
        Case(rules: "[abc].bin", path: "d.bin", ignored: false),
        Case(rules: "[!abc].bin", path: "d.bin", ignored: true),
        Case(rules: "[!abc].bin", path: "a.bin", ignored: false),
        Case(rules: "[^abc].bin", path: "a.bin", ignored: false),
        Case(rules: "[0-9]*.csv", path: "7days.csv", ignored: true),
        Case(rules: "[0-9]*.csv", path: "days.csv", ignored: false),
        Case(rules: "?.txt", path: "a.txt", ignored: true),
        Case(rules: "?.txt", path: "ab.txt", ignored: false),
        Case(rules: "a?b", path: "a/b", ignored: false),
        Case(rules: "\\#file", path: "#file", ignored: true),
        Case(rules: "# comment", path: "# comment", ignored: false),
        Case(rules: "\\!bang", path: "!bang", ignored: true),
        Case(rules: "star\\*", path: "star*", ignored: true),
        Case(rules: "star\\*", path: "starx", ignored: false),
        Case(rules: "trailing   ", path: "trailing", ignored: true),
        Case(rules: "crlf\r\n", path: "crlf", ignored: true),
        Case(rules: "\n\n", path: "anything", ignored: false),
    ]

    @Test("matches gitignore semantics", arguments: cases)
    func table(testCase: Case) throws {
        var rules = IgnoreRules()
        rules.add(fileText: testCase.rules, base: .root)
        #expect(rules.isIgnored(try repoPath(testCase.path), isDirectory: testCase.isDirectory) == testCase.ignored)
    }

    @Test("applies a nested file's patterns relative to its folder only")
    func nestedBase() throws {
        var rules = IgnoreRules()
        rules.add(fileText: "*.tmp\n/anchored", base: try repoPath("sub"))
        #expect(rules.isIgnored(try repoPath("sub/x.tmp"), isDirectory: false))
        #expect(rules.isIgnored(try repoPath("sub/deeper/x.tmp"), isDirectory: false))
        #expect(!rules.isIgnored(try repoPath("x.tmp"), isDirectory: false))
        #expect(rules.isIgnored(try repoPath("sub/anchored"), isDirectory: false))
        #expect(!rules.isIgnored(try repoPath("sub/deeper/anchored"), isDirectory: false))
        #expect(!rules.isIgnored(try repoPath("sub"), isDirectory: true))
    }

    @Test("lets a later file's negation override an earlier one's pattern")
    func laterFileWins() throws {
        var rules = IgnoreRules()
        rules.add(fileText: "*.bin", base: .root)
        rules.add(fileText: "!model.bin", base: try repoPath("keep"))
        #expect(!rules.isIgnored(try repoPath("keep/model.bin"), isDirectory: false))
        #expect(rules.isIgnored(try repoPath("model.bin"), isDirectory: false))
    }

    @Test("wildmatch: * and ? stop at slashes, ** crosses them")
    func wildmatch() {
        func m(_ p: String, _ t: String) -> Bool { Wildmatch.matches(Array(p.utf8), Array(t.utf8)) }
        #expect(m("*", "abc"))
        #expect(!m("*", "a/b"))
        #expect(m("**", "a/b/c"))
        #expect(m("a/**", "a/b/c"))
        #expect(m("**/c", "a/b/c"))
        #expect(m("a*c", "abbbc"))
        #expect(!m("a*c", "abbbd"))
        #expect(m("[a-c][x-z]", "by"))
        #expect(!m("[a-c]", "/"))
        #expect(!m("[abc", "a"))
        #expect(m("", ""))
        #expect(!m("", "a"))
    }
}

@Suite struct IgnoredFilesInRepositoryTests {
    @Test("status and add skip ignored files; add refuses an ignored path without force")
    func ignoredFiles() throws {
        let repo = try TempRepository()
        try repo.write(".mlvignore", "*.tmp\ncache/\n")
        try repo.write("keep.txt", "k")
        try repo.write("scratch.tmp", "t")
        try repo.write("cache/blob", "c")
        #expect(try repo.repository.status().untracked.map(\.rawValue) == [".mlvignore", "keep.txt"])
        try repo.add()
        #expect(try repo.repository.readIndex().entries.map(\.path.rawValue) == [".mlvignore", "keep.txt"])
        expectRepositoryError(.invalidArgument) { try repo.add("scratch.tmp") }
        var options = AddOptions(paths: [try repoPath("scratch.tmp")])
        options.force = true
        _ = try repo.repository.add(options)
        #expect(try repo.repository.readIndex()[try repoPath("scratch.tmp")] != nil)
    }
}
