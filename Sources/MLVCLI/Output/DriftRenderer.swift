import Foundation
import MLVPipeline

/// `mlv drift` output: an aligned table per compared table for people, objects for `--json`.
enum DriftRenderer {
    static func print(_ report: DriftReport) {
        if report.tables.isEmpty { Swift.print("no tables in common") }
        for (index, table) in report.tables.enumerated() {
            if index > 0 { Swift.print("") }
            Swift.print("\(table.path): \(table.rowsBefore) → \(table.rowsAfter) rows")
            var rows = [["column", "type", "psi", "statistic", "p-value", "missing", "verdict", "notes"]]
            for column in table.columns {
                rows.append([
                    column.column, column.type, number(column.psi), statistic(column),
                    number(column.ksPValue ?? column.chiSquarePValue), missing(column), column.verdict,
                    notes(column),
                ])
            }
            TableText.print(rows)
        }
    }

    static func statistic(_ column: ColumnDrift) -> String {
        if let d = column.ksStatistic { return "ks=\(number(d))" + (column.sampled ? "*" : "") }
        if let chi = column.chiSquare { return "chi2=\(number(chi)) df=\(column.degreesOfFreedom ?? 0)" }
        return "-"
    }

    static func missing(_ column: ColumnDrift) -> String {
        let percent = { (side: ColumnDrift.Side?) in side.map { String(format: "%.1f%%", $0.missingRate * 100) } ?? "-"
        }
        return "\(percent(column.before)) → \(percent(column.after))"
    }

    static func notes(_ column: ColumnDrift) -> String {
        var notes = column.reasons
        if !column.newCategories.isEmpty {
            notes.append("new: " + column.newCategories.prefix(3).joined(separator: ", "))
        }
        if !column.vanishedCategories.isEmpty {
            notes.append("gone: " + column.vanishedCategories.prefix(3).joined(separator: ", "))
        }
        return notes.joined(separator: "; ")
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(format: "%.4g", value)
    }

    static func json(_ report: DriftReport) -> [String: Any] {
        [
            "drifted": report.drifted,
            "tables": report.tables.map { table -> [String: Any] in
                [
                    "path": table.path, "rows_before": table.rowsBefore, "rows_after": table.rowsAfter,
                    "drifted": table.drifted, "columns": table.columns.map(json),
                ]
            },
        ]
    }

    static func json(_ column: ColumnDrift) -> [String: Any] {
        func side(_ side: ColumnDrift.Side?) -> Any {
            guard let side else { return NSNull() }
            var out: [String: Any] = ["rows": side.rows, "missing_rate": side.missingRate]
            for (key, value) in [("mean", side.mean), ("std", side.std), ("min", side.min), ("max", side.max)] {
                if let value, value.isFinite { out[key] = value }
            }
            return out
        }
        var out: [String: Any] = [
            "column": column.column, "type": column.type, "kind": column.kind.rawValue, "verdict": column.verdict,
            "drifted": column.drifted, "reasons": column.reasons, "before": side(column.before),
            "after": side(column.after), "sampled": column.sampled,
        ]
        let figures: [(String, Double?)] = [
            ("psi", column.psi), ("ks_statistic", column.ksStatistic), ("ks_p_value", column.ksPValue),
            ("chi_square", column.chiSquare), ("chi_square_p_value", column.chiSquarePValue),
        ]
        for (key, value) in figures {
            if let value { out[key] = value }
        }
        if let dof = column.degreesOfFreedom { out["degrees_of_freedom"] = dof }
        if column.kind == .categorical {
            out["new_categories"] = column.newCategories
            out["vanished_categories"] = column.vanishedCategories
            out["shifts"] = column.shifts.map { ["category": $0.category, "before": $0.before, "after": $0.after] }
        }
        return out
    }
}

/// Aligned text columns, two spaces apart, without trailing blanks.
enum TableText {
    static func print(_ rows: [[String]]) {
        guard let width = rows.first?.count else { return }
        let widths = (0..<width).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for cells in rows {
            var line = cells.enumerated().map {
                $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0)
            }
            .joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            Swift.print(line)
        }
    }
}
