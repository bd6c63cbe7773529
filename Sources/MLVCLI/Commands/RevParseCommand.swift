import ArgumentParser
import Foundation
import MLVRepository

struct RevParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rev-parse", abstract: "Print the commit ids that revisions name.",
        discussion: """
            Revisions as everywhere in mlv: full or abbreviated ids, branches, tags, HEAD, ~N and ^N. \
            Exit status 128 for a revision that names nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print abbreviated ids (12 hex digits, as log --oneline).") var short = false
    @Flag(help: "Require exactly one revision.") var verify = false
    @Flag(name: .customLong("abbrev-ref"), help: "Print the branch a revision names (HEAD: the current one).")
    var abbreviatedRef = false
    @Flag(name: .customLong("show-toplevel"), help: "Print the worktree's root folder.") var showToplevel = false
    @Argument(help: "Revisions.") var revisions: [String] = []

    func validate() throws {
        if verify && revisions.count != 1 { throw ValidationError("--verify needs exactly one revision") }
        if !showToplevel && revisions.isEmpty { throw ValidationError("expected a revision") }
    }

    func run() throws {
        let repository = try global.openRepository()
        var lines: [String] = []
        if showToplevel { lines.append(repository.layout.root.path) }
        for revision in revisions {
            if abbreviatedRef {
                lines.append(try repository.abbreviatedRefName(revision))
            } else {
                let id = try repository.resolveCommit(revision)
                lines.append(short ? id.abbreviated : id.description)
            }
        }
        if global.json {
            try printJSON(["results": lines])
        } else {
            for line in lines { print(line) }
        }
    }
}
