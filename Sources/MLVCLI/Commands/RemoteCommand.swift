import ArgumentParser
import Foundation
import MLVRemote
import MLVRepository

struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote", abstract: "Manage the remotes this repository pushes to and fetches from.",
        subcommands: [List.self, Add.self, Remove.self, Rename.self, SetURL.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List remotes (-v: with urls).")
        @OptionGroup var global: GlobalOptions
        @Flag(name: [.short, .long], help: "Show each remote's url.") var verbose = false

        func run() throws {
            let remotes = try global.openRepository().remotes()
            if global.json {
                try printJSON(remotes.map { ["name": $0.name, "url": $0.url, "partial": $0.partial] })
                return
            }
            for remote in remotes {
                if verbose {
                    print("\(remote.name)\t\(remote.url) (fetch)")
                    print("\(remote.name)\t\(remote.url) (push)")
                } else {
                    print(remote.name)
                }
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a remote.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "S3 endpoint (remote.<name>.endpoint).") var endpoint: String?
        @Option(help: "S3 region (remote.<name>.region).") var region: String?
        @Argument(help: "The remote's name.") var name: String
        @Argument(help: "A path, file://, http(s):// or s3:// url.") var url: String

        func run() throws {
            try global.openRepository().addRemote(
                Remote(name: name, url: url, endpoint: endpoint, region: region), relativeTo: global.currentDirectory)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Remove a remote and its remote-tracking refs.", aliases: ["rm"])
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The remote's name.") var name: String

        func run() throws { try global.openRepository().removeRemote(name) }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a remote.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The current name.") var old: String
        @Argument(help: "The new name.") var new: String

        func run() throws { try global.openRepository().renameRemote(old, to: new) }
    }

    struct SetURL: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-url", abstract: "Change a remote's url.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The remote's name.") var name: String
        @Argument(help: "The new url.") var url: String

        func run() throws {
            try global.openRepository().setRemoteURL(name, url: url, relativeTo: global.currentDirectory)
        }
    }
}
