import ArgumentParser
import MLVRepository

struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: "List, create or delete tags.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .short, help: "Make an annotated tag (needs -m).") var annotate = false
    @Option(name: .short, help: "Tag message (makes an annotated tag).") var message: String?
    @Flag(name: .short, help: "Delete tags.") var delete = false
    @Flag(name: [.short, .long], help: "Replace an existing tag.") var force = false
    @Argument(help: "Tag name and optional revision.") var names: [String] = []

    func validate() throws {
        if annotate && message == nil { throw ValidationError("-a needs a message: -m <msg>") }
    }

    func run() throws {
        let repository = try global.openRepository()
        if delete {
            for name in names {
                let id = try repository.deleteTag(name)
                if !global.quiet { print("Deleted tag '\(name)' (was \(id.abbreviated))") }
            }
        } else if let name = names.first {
            _ = try repository.createTag(
                name, target: names.count > 1 ? names[1] : nil, message: message, force: force,
                identity: global.identity)
        } else {
            let tags = try repository.tags()
            if global.json {
                try printJSON(tags.map { ["name": $0.name.shortName, "commit": $0.commit.description] })
                return
            }
            for tag in tags { print(tag.name.shortName) }
        }
    }
}
