import ArgumentParser
import MLVCLI
import Testing

/// The command table itself, without running the binary.
@Suite struct CommandTableTests {
    /// Every command names itself. A command without a name is named by `String(describing:)` of
    /// its type at every start, a reflection that costs about a millisecond each time.
    @Test("every command and subcommand states its name")
    func everyCommandIsNamed() {
        var unnamed: [String] = []
        var pending: [any ParsableCommand.Type] = [MLVCommand.self]
        while let command = pending.popLast() {
            if command.configuration.commandName == nil { unnamed.append("\(command)") }
            pending += command.configuration.subcommands
        }
        #expect(unnamed == [])
    }
}
