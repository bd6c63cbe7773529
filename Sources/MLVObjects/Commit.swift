import MLVStorage

/// A snapshot of the worktree with its history (docs/FORMAT.md §6.3).
///
/// Encoded as UTF-8 text, header lines in a fixed order, a blank line, then the message:
/// ```
/// tree <hex>
/// parent <hex>          (zero or more, in order)
/// author <signature>
/// committer <signature>
/// run <hex>             (optional: the run record that produced this commit)
///
/// <message>
/// ```
public struct Commit: Sendable, Equatable {
    public var tree: ObjectID
    public var parents: [ObjectID]
    public var author: Signature
    public var committer: Signature
    /// The run record that produced the commit's outputs, if any.
    public var runRecord: ObjectID?
    public var message: String

    public init(
        tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, runRecord: ObjectID? = nil,
        message: String
    ) {
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.runRecord = runRecord
        self.message = message
    }

    /// The first line of the message.
    public var subject: Substring { message.split(separator: "\n", omittingEmptySubsequences: false).first ?? "" }

    public func encoded() -> [UInt8] {
        var text = "tree \(tree)\n"
        for parent in parents { text += "parent \(parent)\n" }
        text += "author \(author.encoded)\ncommitter \(committer.encoded)\n"
        if let runRecord { text += "run \(runRecord)\n" }
        text += "\n" + message
        return Array(text.utf8)
    }

    public init(decoding bytes: [UInt8]) throws(ObjectsError) {
        var headers = try HeaderReader(bytes, what: "commit")
        tree = try headers.id("tree")
        var parents = [ObjectID]()
        while headers.next?.key == "parent" { parents.append(try headers.id("parent")) }
        self.parents = parents
        author = try headers.signature("author")
        committer = try headers.signature("committer")
        runRecord = headers.next?.key == "run" ? try headers.id("run") : nil
        try headers.expectMessage()
        message = headers.message
    }

    public var id: ObjectID { SHA256Hasher.hash(kind: .commit, body: encoded()) }
}

/// Reads `key value` header lines in order, then the message after the blank line.
struct HeaderReader {
    let what: String
    private var lines: [(key: String, value: Substring)] = []
    private var position = 0
    private(set) var message = ""
    private var sawBlank = false

    /// Splits the header lines at bytes, not characters: `\n` and the first space end a line and
    /// a key whatever follows them (a combining mark after the space would otherwise join it into
    /// one character), and the scan costs no grapheme breaking.
    init(_ bytes: [UInt8], what: String) throws(ObjectsError) {
        self.what = what
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw ObjectsError(.malformed, "\(what) is not valid UTF-8")
        }
        // Slices end at ASCII bytes of valid UTF-8, so each decodes without repair.
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        var start = 0
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            if newline == start {
                sawBlank = true
                message = text((newline + 1)..<bytes.count)
                return
            }
            guard let space = bytes[start..<newline].firstIndex(of: UInt8(ascii: " ")) else {
                throw ObjectsError(.malformed, "\(what) header line '\(text(start..<newline))' has no value")
            }
            lines.append((text(start..<space), Substring(text((space + 1)..<newline))))
            start = newline + 1
        }
        throw ObjectsError(.malformed, "\(what) has no blank line before its message")
    }

    var next: (key: String, value: Substring)? { position < lines.count ? lines[position] : nil }

    mutating func value(_ key: String) throws(ObjectsError) -> Substring {
        guard let line = next else { throw ObjectsError(.malformed, "\(what) has no '\(key)' header") }
        guard line.key == key else {
            throw ObjectsError(.malformed, "\(what) has header '\(line.key)' where '\(key)' was expected")
        }
        position += 1
        return line.value
    }

    mutating func id(_ key: String) throws(ObjectsError) -> ObjectID {
        let text = try value(key)
        guard let id = ObjectID(hex: text), text.utf8.allSatisfy({ !(65...70).contains($0) }) else {
            throw ObjectsError(.malformed, "\(what) header '\(key)' has an invalid id '\(text)'")
        }
        return id
    }

    mutating func signature(_ key: String) throws(ObjectsError) -> Signature {
        let text = try value(key)
        guard let signature = Signature(parsing: text) else {
            throw ObjectsError(.malformed, "\(what) header '\(key)' is not 'name <email> seconds +hhmm': '\(text)'")
        }
        return signature
    }

    func expectMessage() throws(ObjectsError) {
        if let line = next { throw ObjectsError(.malformed, "\(what) has unknown header '\(line.key)'") }
    }
}
