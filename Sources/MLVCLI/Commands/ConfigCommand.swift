import ArgumentParser
import MLVRepository

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Get and set repository options.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .long], help: "List all options.") var list = false
    @Flag(help: "Remove the option.") var unset = false
    @Argument(help: "Key (section.name).") var key: String?
    @Argument(help: "New value.") var value: String?

    func run() throws {
        let repository = try global.openRepository()
        if list {
            for entry in repository.config.entries { print("\(entry.key)=\(entry.value)") }
            return
        }
        guard let key else { throw ValidationError("missing key") }
        if unset {
            try repository.setConfig(key, nil)
        } else if let value {
            try repository.setConfig(key, value)
        } else if let current = repository.config[key] {
            print(current)
        } else {
            throw NegativeAnswer()
        }
    }
}
