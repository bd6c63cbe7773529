import ArgumentParser
import MLVRepository

struct LsTreeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls-tree", abstract: "List the files of a revision.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .short, help: "Recurse into folders.") var recursive = false
    @Flag(name: [.short, .long], help: "Show file sizes.") var long = false
    @Flag(name: .customLong("name-only"), help: "Show paths only.") var nameOnly = false
    @Argument(help: "Revision (default HEAD).") var revision = "HEAD"
    @Argument(help: "Folder or file inside the revision.") var path: String?

    func run() throws {
        let repository = try global.openRepository()
        let repoPath = try path.map { try global.paths([$0], in: repository)[0] } ?? .root
        let entries = try repository.listTree(revision, path: repoPath, recursive: recursive)
        if global.json {
            try printJSON(
                entries.map {
                    ["path": $0.path.rawValue, "mode": $0.mode.octal, "id": $0.id.description, "size": $0.size]
                })
            return
        }
        for entry in entries {
            if nameOnly {
                print(entry.path)
            } else {
                let kind = entry.mode == .directory ? "tree" : "file"
                let size = long ? " " + (entry.mode == .directory ? "-" : String(entry.size)).leftPadded(10) : ""
                print("\(entry.mode.octal) \(kind) \(entry.id)\(size)\t\(entry.path)")
            }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
