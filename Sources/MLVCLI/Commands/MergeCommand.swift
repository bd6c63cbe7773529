import ArgumentParser
import MLVGit
import MLVRepository

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Join another line of history into the current branch.",
        discussion: "Exit status 1 when the merge stopped with conflicts (see 'mlv status').")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("message")], help: "The merge commit's message.") var message: String?
    @Flag(name: .customLong("ff-only"), help: "Only fast-forward; fail when the histories diverged.") var ffOnly = false
    @Flag(name: .customLong("no-ff"), help: "Create a merge commit even when a fast-forward is possible.")
    var noFastForward = false
    @Flag(name: .customLong("allow-unrelated-histories"), help: "Merge histories that share no commit.")
    var allowUnrelated = false
    @Option(name: .customLong("key"), help: "Key columns for row-level merges of tables (default: .mlvattributes).")
    var key: String?
    @Flag(help: "Give up the merge in progress and restore HEAD's files.") var abort = false
    @Flag(name: .customLong("continue"), help: "Commit the merge in progress once its conflicts are resolved.")
    var continueMerge = false
    @Flag(help: "Stable output for scripts: the outcome, then '<XY> <path>' per conflict.") var porcelain = false
    @Argument(help: "The branch, tag or commit to merge.") var revision: String?

    func validate() throws {
        if ffOnly && noFastForward { throw ValidationError("--ff-only and --no-ff cannot be used together") }
        if abort && continueMerge { throw ValidationError("--abort and --continue cannot be used together") }
        if (abort || continueMerge) && revision != nil {
            throw ValidationError("--\(abort ? "abort" : "continue") takes no revision")
        }
        if !abort && !continueMerge && revision == nil { throw ValidationError("missing the revision to merge") }
    }

    func run() throws {
        let repository = try global.openRepository()
        if abort {
            let result = try repository.abortMerge()
            for helper in result.keptHelpers {
                FileHandleOutput.stderr("warning: kept '\(helper)': it changed after the merge wrote it")
            }
            if global.json {
                try printJSON([
                    "restored": result.restored.map(\.rawValue),
                    "removed_helpers": result.removedHelpers.map(\.rawValue),
                    "kept_helpers": result.keptHelpers.map(\.rawValue),
                ])
            }
            return
        }
        if continueMerge {
            let result = try repository.continueMerge(message: message, identity: global.identity)
            // Inside a git worktree with tracked paths, mlv.lock follows the merge commit.
            try GitWorkspace.enclosing(repository)?.writeLock()
            if global.json {
                try printJSON(["commit": result.id.description, "branch": result.branch?.shortName as Any])
            } else if !global.quiet {
                print(
                    "[\(result.branch?.shortName ?? "detached HEAD") \(result.id.abbreviated)] \(result.commit.subject)"
                )
            }
            return
        }
        guard let revision else { throw ValidationError("missing the revision to merge") }
        var options = MergeOptions(identity: global.identity)
        options.message = message
        options.fastForward = ffOnly ? .only : noFastForward ? .never : .allowed
        options.allowUnrelatedHistories = allowUnrelated
        options.fileMerger = ContentFileMerger(
            attributes: repository.attributes(), keys: key.map { $0.split(separator: ",").map(String.init) } ?? [])
        options.progress = global.progress
        let result = try repository.merge(revision, options: options)
        if result.outcome != .conflicted { try GitWorkspace.enclosing(repository)?.writeLock() }
        for warning in result.warnings { FileHandleOutput.stderr("warning: \(warning)") }
        if global.json {
            try printJSON(MergeRenderer.json(result))
        } else if porcelain {
            print(MergeRenderer.porcelain(result), terminator: "")
        } else if !global.quiet {
            print(MergeRenderer.human(result), terminator: "")
        }
        if result.outcome == .conflicted { throw NegativeAnswer() }
    }
}
