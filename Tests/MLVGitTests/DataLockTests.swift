import MLVGit
import MLVRepository
import MLVStorage
import Testing

@Suite struct DataLockTests {
    let commit = SHA256Hasher.hash(Array("commit".utf8))
    let file = SHA256Hasher.hash(Array("file".utf8))

    @Test("serializes sorted entries and parses them back")
    func roundTrip() throws {
        let paths = ["data/b.csv", "data/a b.bin", "data/tab\there", "data/quote\"back\\slash", "data/ünï"]
        let entries = try paths.map { text in
            DataLock.Entry(path: try #require(RepoPath(text)), id: file, size: 42)
        }
        let lock = DataLock(commit: commit, entries: entries)
        let text = lock.serialized()
        #expect(text.contains("mlv-lock 1\ncommit \(commit)\n"))
        #expect(text.contains("\(file) 42 \"data/tab\\there\"\n"))
        #expect(text.contains("\(file) 42 \"data/quote\\\"back\\\\slash\"\n"))
        #expect(text.contains("\(file) 42 data/a b.bin\n"))
        let parsed = try DataLock(parsing: text, source: "mlv.lock")
        #expect(parsed == lock)
        #expect(parsed.entries.map(\.path.rawValue) == paths.sorted { RepoPath($0)! < RepoPath($1)! })
    }

    @Test(
        "rejects malformed locks naming the line",
        arguments: [
            ("", "empty"),
            ("commit abc\n", "expected 'mlv-lock 1'"),
            ("mlv-lock 1\n", "no 'commit' line"),
            ("mlv-lock 1\ncommit xyz\n", ":2:"),
            (
                "mlv-lock 1\ncommit \(String(repeating: "a", count: 64))\nnot a line\n",
                ":3: expected '<file id> <size> <path>'"
            ),
            (
                "mlv-lock 1\ncommit \(String(repeating: "a", count: 64))\n\(String(repeating: "b", count: 64)) 1 ../x\n",
                "invalid path"
            ),
            (
                "mlv-lock 1\ncommit \(String(repeating: "a", count: 64))\n\(String(repeating: "b", count: 64)) 1 \"bad\\q\"\n",
                "invalid path"
            ),
        ])
    func malformed(text: String, expected: String) {
        #expect {
            _ = try DataLock(parsing: text, source: "mlv.lock")
        } throws: { error in
            guard let error = error as? GitError else { return false }
            return error.code == .malformedLock && error.message.contains(expected)
        }
    }

    @Test("refuses unsorted entries and newer versions")
    func unsortedAndVersion() {
        let a = String(repeating: "a", count: 64)
        let unsorted = "mlv-lock 1\ncommit \(a)\n\(a) 1 b\n\(a) 1 a\n"
        #expect(throws: GitError.self) { try DataLock(parsing: unsorted, source: "mlv.lock") }
        #expect {
            _ = try DataLock(parsing: "mlv-lock 2\ncommit \(a)\n", source: "mlv.lock")
        } throws: { error in
            (error as? GitError)?.hint == "upgrade mlv"
        }
    }
}

@Suite struct PointerTests {
    @Test("encodes under 200 bytes and decodes back")
    func roundTrip() throws {
        let pointer = Pointer(file: SHA256Hasher.hash(Array("x".utf8)), size: UInt64.max)
        let bytes = pointer.encoded()
        #expect(bytes.count < 200)
        #expect(Pointer.looksLikePointer(bytes))
        #expect(try Pointer(decoding: bytes, path: "a.bin") == pointer)
    }

    @Test(
        "rejects malformed pointers",
        arguments: [
            "version mlv-pointer/1\nfile abc\nsize 1\n",
            "version mlv-pointer/2\nfile \(String(repeating: "a", count: 64))\nsize 1\n",
            "version mlv-pointer/1\nfile \(String(repeating: "a", count: 64))\nsize -1\n",
            "version mlv-pointer/1\nfile \(String(repeating: "a", count: 64))\nsize 01\n",
            "version mlv-pointer/1\nfile \(String(repeating: "a", count: 64))\nsize 1",
            "version mlv-pointer/1\nfile \(String(repeating: "a", count: 64))\n",
        ])
    func malformed(text: String) {
        #expect(Pointer.looksLikePointer(Array(text.utf8)))
        #expect {
            _ = try Pointer(decoding: Array(text.utf8), path: "w.bin")
        } throws: { error in
            guard let error = error as? GitError else { return false }
            return error.code == .malformedPointer && error.message.hasPrefix("'w.bin' is a malformed mlv pointer")
        }
    }

    @Test("content that does not start like a pointer, or is long, is not one")
    func notPointers() {
        #expect(!Pointer.looksLikePointer(Array("hello".utf8)))
        #expect(!Pointer.looksLikePointer(Pointer.prefix + [UInt8](repeating: 65, count: 300)))
    }
}
