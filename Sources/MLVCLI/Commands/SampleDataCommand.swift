import ArgumentParser
import Foundation
import MLVPipeline

struct SampleDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-data",
        abstract: "Write a sample table, mlv.yaml and params.yaml to try mlv with (the same bytes everywhere).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Rows of the table.") var rows = 5000
    @Option(help: "Seed of the generator.") var seed: UInt64 = 42
    @Argument(help: "The folder to write into (default: the current one).") var directory: String?

    func run() throws {
        let base = global.currentDirectory
        let root =
            directory.map { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : base.appendingPathComponent($0) } ?? base
        try SampleData.write(to: root, rows: rows, seed: seed)
        if !global.quiet {
            print("wrote data/customers.csv (\(rows) rows), mlv.yaml and params.yaml in \(root.path)")
        }
    }
}
