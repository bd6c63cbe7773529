import ArgumentParser
import MLVPipeline
import MLVRepository

/// `mlv metrics show [<rev>]`, `mlv metrics diff <a> <b>`.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "Show or compare the metrics of recorded runs.",
        subcommands: [Show.self, Diff.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Metrics of the latest run at or before a revision.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The revision (default HEAD).") var revision = "HEAD"

        func run() throws {
            let repository = try global.openRepository()
            let rows = try RunHistory(repository: repository).metrics(nil, repository.resolveCommit(revision))
            try HistoryRenderer.print(rows, json: global.json, columns: ["stage", "metric", "value"])
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff", abstract: "Metrics of two revisions side by side.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The old revision.") var old: String
        @Argument(help: "The new revision.") var new: String

        func run() throws {
            let repository = try global.openRepository()
            let rows = try RunHistory(repository: repository).metrics(
                repository.resolveCommit(old), repository.resolveCommit(new))
            try HistoryRenderer.print(rows, json: global.json, columns: ["stage", "metric", old, new, "change"])
        }
    }
}

/// `mlv params diff <a> <b>`.
struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params", abstract: "Compare the parameters of recorded runs.", subcommands: [Diff.self])

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff", abstract: "Parameters of two revisions side by side.")
        @OptionGroup var global: GlobalOptions
        @Flag(name: .customLong("all"), help: "Show unchanged parameters too.") var all = false
        @Argument(help: "The old revision.") var old: String
        @Argument(help: "The new revision.") var new: String

        func run() throws {
            let repository = try global.openRepository()
            let rows = try RunHistory(repository: repository).params(
                repository.resolveCommit(old), repository.resolveCommit(new)
            ).filter { all || $0.old != $0.new }
            try HistoryRenderer.print(rows, json: global.json, columns: ["stage", "param", old, new])
        }
    }
}

/// Tables of `RunHistory.Row`s: aligned columns for people, objects for `--json`.
enum HistoryRenderer {
    static func print(_ rows: [RunHistory.Row], json: Bool, columns: [String]) throws {
        if json {
            try printJSON(
                rows.map {
                    ["stage": $0.stage, "name": $0.name, "old": $0.old as Any, "new": $0.new as Any] as [String: Any]
                })
            return
        }
        let single = columns.count == 3
        var table = [columns]
        for row in rows {
            var cells = [row.stage, row.name]
            if single {
                cells.append(row.new ?? "-")
            } else {
                cells += [row.old ?? "-", row.new ?? "-"]
                if columns.count == 5 { cells.append(change(row.old, row.new)) }
            }
            table.append(cells)
        }
        let widths = (0..<columns.count).map { column in table.map { $0[column].count }.max() ?? 0 }
        for cells in table {
            let line = cells.enumerated().map {
                $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0)
            }
            Swift.print(line.joined(separator: "  ").trimmingSuffix())
        }
    }

    static func change(_ old: String?, _ new: String?) -> String {
        guard let old, let new, let a = Double(old), let b = Double(new) else { return "" }
        let delta = b - a
        return delta == 0 ? "0" : (delta > 0 ? "+" : "") + String(format: "%.6g", delta)
    }
}

extension String {
    fileprivate func trimmingSuffix() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
