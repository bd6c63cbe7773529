import Testing

@testable import MLVGit

@Suite struct IgnoreBlockTests {
    let start = GitWorkspace.ignoreBlockStart
    let end = GitWorkspace.ignoreBlockEnd

    @Test("appends the block to a file without one, after a blank line")
    func appends() {
        #expect(
            GitWorkspace.replacingIgnoreBlock(in: "*.o", patterns: ["*.bin"])
                == "*.o\n\n\(start)\n/.mlv/\n*.bin\n\(end)\n")
        #expect(GitWorkspace.replacingIgnoreBlock(in: "", patterns: []) == "\(start)\n/.mlv/\n\(end)\n")
    }

    @Test("replaces only the block, wherever it is")
    func replacesInPlace() {
        let text = "a\n\(start)\n/.mlv/\nold/**\n\(end)\nb\r\n  c \n"
        #expect(
            GitWorkspace.replacingIgnoreBlock(in: text, patterns: ["data/**", "*.pt"])
                == "a\n\(start)\n/.mlv/\n/data/**\n*.pt\n\(end)\nb\r\n  c \n")
    }

    @Test("a block whose end marker was deleted is replaced to the end of the file")
    func missingEnd() {
        #expect(
            GitWorkspace.replacingIgnoreBlock(in: "x\n\(start)\n/.mlv/\nold\n", patterns: ["n"])
                == "x\n\(start)\n/.mlv/\nn\n\(end)\n")
    }

    @Test("patterns are normalized and mlv's own files refused", arguments: ["data/", "./data/"])
    func normalize(pattern: String) throws {
        #expect(try GitWorkspace.normalize(pattern) == "data/**")
    }

    @Test(
        "refuses patterns that name mlv's or git's files, or that gitattributes cannot hold",
        arguments: ["", "a b", "#x", "!x", "../x", ".mlv/x", "*", "**", "mlv.lock", ".git/**"])
    func refuses(pattern: String) {
        #expect(throws: GitError.self) { try GitWorkspace.normalize(pattern) }
    }
}
