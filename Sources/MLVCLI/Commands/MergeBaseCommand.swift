import ArgumentParser
import MLVRepository

struct MergeBaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-base", abstract: "Find the best common ancestors of two commits.",
        discussion: "Exit status 1 when there is none (or, with --is-ancestor, when the answer is no).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print every best common ancestor (a criss-cross history has several).") var all = false
    @Flag(name: .customLong("is-ancestor"), help: "Answer with the exit status whether <a> is an ancestor of <b>.")
    var isAncestor = false
    @Argument(help: "Two revisions.") var revisions: [String] = []

    func validate() throws {
        guard revisions.count == 2 else { throw ValidationError("expected two revisions") }
    }

    func run() throws {
        let repository = try global.openRepository()
        let a = try repository.resolveCommit(revisions[0])
        let b = try repository.resolveCommit(revisions[1])
        if isAncestor {
            if try !repository.isAncestor(a, of: b) { throw NegativeAnswer() }
            return
        }
        let bases = try repository.mergeBases(a, b)
        let shown = all ? bases : Array(bases.prefix(1))
        if global.json {
            try printJSON(["bases": shown.map(\.description)])
        } else {
            for id in shown { print(id.description) }
        }
        if bases.isEmpty { throw NegativeAnswer() }
    }
}
