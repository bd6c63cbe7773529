import ArgumentParser
import MLVRepository

struct BranchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "branch", abstract: "List, create, delete or rename branches.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .short, help: "Delete a fully merged branch.") var delete = false
    @Flag(name: .customShort("D"), help: "Delete a branch even if not merged.") var forceDelete = false
    @Flag(name: .short, help: "Rename a branch: -m [<old>] <new>.") var move = false
    @Flag(name: [.short, .long], help: "Reset an existing branch to the start point.") var force = false
    @Argument(help: "Branch name(s) and optional start point.") var names: [String] = []

    func run() throws {
        let repository = try global.openRepository()
        if delete || forceDelete {
            guard !names.isEmpty else { throw ValidationError("branch name required") }
            for name in names {
                let id = try repository.deleteBranch(name, force: forceDelete)
                if !global.quiet { print("Deleted branch \(name) (was \(id.abbreviated)).") }
            }
        } else if move {
            guard (1...2).contains(names.count) else { throw ValidationError("usage: mlv branch -m [<old>] <new>") }
            var old = names[0]
            if names.count == 1 {
                guard case .branch(let ref, _) = try repository.head() else { throw MLVCLIError("HEAD is detached") }
                old = ref.shortName
            }
            try repository.renameBranch(old, to: names[names.count - 1], identity: global.identity)
        } else if let name = names.first {
            guard names.count <= 2 else { throw ValidationError("too many arguments") }
            _ = try repository.createBranch(
                name, start: names.count == 2 ? names[1] : nil, force: force, identity: global.identity)
        } else {
            let branches = try repository.branches()
            if global.json {
                try printJSON(
                    branches.map { ["name": $0.name.shortName, "commit": $0.id.description, "current": $0.isCurrent] })
                return
            }
            for branch in branches { print("\(branch.isCurrent ? "*" : " ") \(branch.name.shortName)") }
        }
    }
}
