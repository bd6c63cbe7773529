import ArgumentParser
import Foundation
import MLVRepository

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show changes between commits, the index and the worktree.",
        discussion: """
            Forms as in git: 'mlv diff' (worktree vs index), 'mlv diff --staged' (index vs HEAD), \
            'mlv diff <rev>' (worktree vs <rev>), 'mlv diff <a> <b>' or 'mlv diff <a>..<b>', each \
            optionally followed by '-- <path>...'. Text files get a unified diff, CSV/TSV tables a \
            row and column diff, safetensors/NPY files a per-tensor diff, other files their shared chunks.
            """)

    enum ColorMode: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.customLong("staged"), .customLong("cached")], help: "Compare the index with HEAD.") var staged = false
    @Flag(name: .customLong("name-status"), help: "Show only the status letter and path.") var nameStatus = false
    @Flag(name: .customLong("name-only"), help: "Show only the paths.") var nameOnly = false
    @Flag(name: .customLong("stat"), help: "Show a summary line per file.") var stat = false
    @Flag(name: .customLong("summary"), help: "Show 'path: summary' per file (for CI logs and textconv).")
    var summary = false
    @Flag(name: .customLong("exit-code"), help: "Exit with 1 when there are differences.") var exitCode = false
    @Option(name: .customLong("color"), help: "Colour the output: auto (on a terminal), always or never.")
    var color: ColorMode = .auto
    @Flag(inversion: .prefixedNo, help: "Diff CSV/TSV files as tables (default: detect).") var table: Bool?
    @Option(name: .customLong("key"), help: "Key columns of tables, comma-separated (default: .mlvattributes).")
    var key: String?
    @Option(name: .customLong("max-rows"), help: "Row changes shown per table.") var maxRows = 50
    @Option(name: [.customShort("U"), .customLong("unified")], help: "Lines of context around text changes.")
    var context = 3
    @Argument(help: "Up to two revisions (or a..b).") var revisions: [String] = []
    /// Paths after `--` (rewritten to `--path` by `MLVCommand.reorder`).
    @Option(
        name: .customLong("path"),
        help: ArgumentHelp("Limit the diff to <path> (also: -- <path>...).", valueName: "path"))
    var paths: [String] = []

    func validate() throws {
        if revisions.count > 2 { throw ValidationError("give at most two revisions") }
        if staged && revisions.count > 1 { throw ValidationError("--staged compares the index with one commit") }
        if maxRows < 0 || context < 0 { throw ValidationError("--max-rows and -U take a count of 0 or more") }
    }

    func run() throws {
        let repository = try global.openRepository()
        var revs = revisions
        if revs.count == 1, let range = revisionRange(revs[0]) { revs = [range.from, range.to] }
        let sides: DiffSides
        switch (staged, revs.count) {
        case (true, _): sides = .indexAgainstHead
        case (false, 0): sides = .worktreeAgainstIndex
        case (false, 1): sides = .worktreeAgainst(try repository.resolveCommit(revs[0]))
        default: sides = .commits(try repository.resolveCommit(revs[0]), try repository.resolveCommit(revs[1]))
        }
        let limits = paths.isEmpty ? [.root] : try global.paths(paths, in: repository)
        if nameStatus || nameOnly {
            let changes = try repository.changedFiles(sides, paths: limits)
            if global.json {
                try printJSON(changes.map(DiffRenderer.json))
            } else {
                print(
                    nameOnly ? changes.map { "\($0.path)\n" }.joined() : DiffRenderer.nameStatus(changes),
                    terminator: "")
            }
            if exitCode && !changes.isEmpty { throw NegativeAnswer() }
            return
        }
        var options = DiffOptions()
        options.tables = table.map { $0 ? .always : .never } ?? .auto
        options.keys = key.map { $0.split(separator: ",").map(String.init) } ?? []
        options.context = context
        let diffs = try repository.diff(sides, paths: limits, options: options)
        for diff in diffs {
            for warning in diff.warnings { Diagnostics.warn(warning) }
        }
        let colored = color == .always || (color == .auto && !global.json && isatty(1) != 0)
        if global.json {
            try printJSON(try diffs.map(DiffRenderer.json))
        } else if stat {
            print(DiffRenderer.stat(diffs), terminator: "")
        } else if summary {
            print(diffs.map { "\($0.change.path): \($0.summary)\n" }.joined(), terminator: "")
        } else if !global.quiet {
            print(diffs.map { DiffRenderer.full($0, maxRows: maxRows, color: colored) }.joined(), terminator: "")
        }
        if (exitCode || global.quiet) && !diffs.isEmpty { throw NegativeAnswer() }
    }
}
