import Foundation

extension Repository {
    /// Turns a path the user typed (relative to `currentDirectory`, or absolute) into a path
    /// inside the worktree; throws when it lies outside, or inside `.mlv/`.
    public func repoPath(forUserPath text: String, currentDirectory: URL) throws -> RepoPath {
        let absolute =
            text.hasPrefix("/")
            ? URL(fileURLWithPath: text).standardizedFileURL
            : currentDirectory.appendingPathComponent(text).standardizedFileURL
        let root = layout.root.path
        var full = absolute.path
        if full.hasSuffix("/") && full != "/" { full.removeLast() }
        if full == root { return .root }
        guard full.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw RepositoryError(.pathOutsideWorktree, "'\(text)' is outside the repository at '\(root)'")
        }
        let relative = String(full.dropFirst(root == "/" ? 1 : root.count + 1))
        guard let path = RepoPath(relative) else {
            throw RepositoryError(
                .pathOutsideWorktree, "'\(text)' is not a path mlv can track (inside .mlv/ or invalid)")
        }
        return path
    }
}
