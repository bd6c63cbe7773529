import MLVObjects
import MLVStorage

/// A parsed revision: a commit, and optionally a path inside its tree (`<rev>:<path>`).
public struct ResolvedRevision: Sendable, Equatable {
    public var commit: ObjectID
    public var path: RepoPath?
}

extension Repository {
    /// Resolves a revision as git does: full or abbreviated ids, `HEAD`, branch, tag and remote
    /// names, full ref names, then any number of `~N`, `^` and `^N` suffixes.
    ///
    /// Tags are peeled to the commit they name.
    public func resolveCommit(_ text: String) throws -> ObjectID {
        var rest = Substring(text)
        var suffixes: [(Character, Int)] = []
        // Peel `~N`, `^N` suffixes from the right.
        while let index = rest.lastIndex(where: { $0 == "~" || $0 == "^" }) {
            let numberText = rest[rest.index(after: index)...]
            guard numberText.allSatisfy(\.isNumber) else { break }
            let count = numberText.isEmpty ? 1 : Int(numberText) ?? -1
            guard count >= 0 else { throw unknown(text) }
            suffixes.insert((rest[index], count), at: 0)
            rest = rest[..<index]
        }
        guard !rest.isEmpty else { throw unknown(text) }
        var id = try resolveBase(String(rest), original: text)
        for (operation, count) in suffixes {
            if operation == "~" {
                for _ in 0..<count {
                    guard let parent = try commit(id).parents.first else {
                        throw RepositoryError(.unknownRevision, "revision '\(text)' goes past the first commit")
                    }
                    id = parent
                }
            } else if count > 0 {
                let parents = try commit(id).parents
                guard count <= parents.count else {
                    throw RepositoryError(
                        .unknownRevision, "revision '\(text)': commit \(id.abbreviated) has no parent \(count)")
                }
                id = parents[count - 1]
            }
        }
        return id
    }

    /// Resolves `<rev>:<path>` (or a plain revision, with no path).
    public func resolveRevision(_ text: String) throws -> ResolvedRevision {
        guard let colon = text.firstIndex(of: ":") else { return ResolvedRevision(commit: try resolveCommit(text)) }
        let revText = String(text[..<colon])
        let pathText = String(text[text.index(after: colon)...])
        let commit = try resolveCommit(revText.isEmpty ? "HEAD" : revText)
        let trimmed = pathText.hasSuffix("/") ? String(pathText.dropLast()) : pathText
        guard let path = RepoPath(trimmed.hasPrefix("./") ? String(trimmed.dropFirst(2)) : trimmed) else {
            throw RepositoryError(.pathOutsideWorktree, "path '\(pathText)' is not a valid path inside the repository")
        }
        return ResolvedRevision(commit: commit, path: path)
    }

    /// The refs a name could mean, in git's order of preference: the full name itself
    /// (`refs/heads/x`), then under `refs/`, tags, branches and remotes.
    public func candidateRefs(_ name: String) -> [RefName] {
        if name == "HEAD" { return [.head] }
        return [
            name, "refs/\(name)", "refs/tags/\(name)", "refs/heads/\(name)", "refs/remotes/\(name)",
            "refs/remotes/\(name)/HEAD",
        ]
        .compactMap { RefName($0) }
    }

    /// The short name of the ref a revision names, as `git rev-parse --abbrev-ref` prints it: the
    /// current branch for `HEAD` (`HEAD` itself when detached), else the first of the candidate
    /// refs that exists (the one ``resolveCommit(_:)`` follows); a revision that names a commit
    /// but no ref comes back as given.
    ///
    /// - Throws: `.unknownRevision` when the revision names nothing.
    public func abbreviatedRefName(_ revision: String) throws -> String {
        if revision == "HEAD" {
            if case .branch(let branch, _) = try head() { return branch.shortName }
            return "HEAD"
        }
        for ref in candidateRefs(revision) where try refs.read(ref) != nil { return ref.shortName }
        _ = try resolveCommit(revision)
        return revision
    }

    private func unknown(_ text: String) -> RepositoryError {
        RepositoryError(
            .unknownRevision, "unknown revision '\(text)'",
            hint: "use a branch or tag name, a commit id, or HEAD~N")
    }

    private func resolveBase(_ name: String, original: String) throws -> ObjectID {
        if let id = ObjectID(hex: name) {
            if objects.contains(id, kind: .commit) { return id }
            if objects.contains(id, kind: .tag) { return try peel(id) }
        }
        for ref in candidateRefs(name) where try refs.read(ref) != nil {
            guard let id = try refs.resolve(ref).id else {
                throw RepositoryError(.unknownRevision, "'\(name)' has no commits yet")
            }
            return try peel(id)
        }
        if let prefix = ObjectIDPrefix(name) {
            let matches = try commits(matching: prefix)
            if matches.count == 1, let only = matches.first { return only }
            if matches.count > 1 {
                throw RepositoryError(
                    .ambiguousRevision,
                    "short id '\(name)' is ambiguous: \(matches.map(\.abbreviated).joined(separator: ", "))")
            }
        }
        if name == "HEAD" {
            throw RepositoryError(
                .unknownRevision, "HEAD has no commits yet", hint: "make a first commit with 'mlv commit'")
        }
        throw unknown(original)
    }

    /// Follows annotated tags to the commit they name.
    func peel(_ id: ObjectID) throws -> ObjectID {
        var current = id
        for _ in 0..<10 {
            if objects.contains(current, kind: .commit) { return current }
            guard objects.contains(current, kind: .tag) else { break }
            current = try tagObject(current).object
        }
        throw RepositoryError(.unknownRevision, "\(id.abbreviated) does not name a commit")
    }

    /// Commits whose id starts with `prefix`.
    func commits(matching prefix: ObjectIDPrefix) throws -> [ObjectID] {
        objects.ids(matching: prefix, kind: .commit)
    }
}

/// The two ends of `a..b` as git reads them (an empty end means HEAD), or nil without `..`.
public func revisionRange(_ text: String) -> (from: String, to: String)? {
    guard let range = text.range(of: "..") else { return nil }
    let from = String(text[..<range.lowerBound])
    let to = String(text[range.upperBound...])
    return (from.isEmpty ? "HEAD" : from, to.isEmpty ? "HEAD" : to)
}
