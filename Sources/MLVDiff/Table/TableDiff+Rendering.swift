/// The summary line and the paged human rendering of a table diff.
extension TableDiff {
    /// One line counting the changes: `+120 rows, -3 rows, ~45 rows, 2 columns changed`, parts
    /// with a zero count left out, "row"/"column" when the count is 1; `no changes` when there
    /// are none.
    public var summary: String {
        var parts: [String] = []
        if rowsAdded > 0 { parts.append("+\(Self.count(rowsAdded, "row"))") }
        if rowsRemoved > 0 { parts.append("-\(Self.count(rowsRemoved, "row"))") }
        if rowsModified > 0 { parts.append("~\(Self.count(rowsModified, "row"))") }
        let columns = schema.changedColumnCount
        if columns > 0 { parts.append("\(Self.count(columns, "column")) changed") }
        return parts.isEmpty ? "no changes" : parts.joined(separator: ", ")
    }

    /// The diff for people: the summary, one line per schema change, then up to `maxRows` row
    /// changes, then `… and N more rows` when some were cut (including ``omittedRows``).
    ///
    /// Row lines: `+ row 17: a=1, b=2` (new row number), `- row 9: a=1, b=2` (old row number),
    /// `~ row 40 (id=7): price 3.5 → 3.75` (new row number; the key when keyed, else the old
    /// row number when it differs as `(was 38)`). Values that are empty or hold separators,
    /// quotes, control characters or edge spaces are shown quoted with escapes; values over 60
    /// characters are cut with `…`. With `color`, ANSI colors mark added (green), removed
    /// (red), modified (yellow) rows and schema changes (cyan). Every line ends with a newline.
    /// - Complexity: O(k) in the text of the listed rows.
    public func rendered(maxRows: Int, color: Bool) -> String {
        let paint = { (code: String, line: String) in color ? "\u{1B}[\(code)m\(line)\u{1B}[0m" : line }
        var lines = [summary]
        for line in schemaLines() { lines.append(paint("36", line)) }
        let shown = rows.prefix(max(0, maxRows))
        for change in shown {
            switch change.kind {
            case .added: lines.append(paint("32", "+ " + describe(change)))
            case .removed: lines.append(paint("31", "- " + describe(change)))
            case .modified: lines.append(paint("33", "~ " + describe(change)))
            }
        }
        let remaining = rowsAdded + rowsRemoved + rowsModified - shown.count
        if remaining > 0 { lines.append("… and \(Self.count(remaining, "more row"))") }
        return lines.map { $0 + "\n" }.joined()
    }

    /// One line per column change: added, removed, reordered, then type changes.
    func schemaLines() -> [String] {
        var lines: [String] = []
        if !schema.added.isEmpty {
            lines.append(
                "\(schema.added.count == 1 ? "column" : "columns") added: \(schema.added.joined(separator: ", "))")
        }
        if !schema.removed.isEmpty {
            let noun = schema.removed.count == 1 ? "column" : "columns"
            lines.append("\(noun) removed: \(schema.removed.joined(separator: ", "))")
        }
        if schema.reordered {
            let kept = Set(schema.newColumns)
            let before = schema.oldColumns.filter { kept.contains($0) }
            let after = schema.newColumns.filter { !schema.added.contains($0) }
            lines.append("columns reordered: \(before.joined(separator: ", ")) → \(after.joined(separator: ", "))")
        }
        for change in schema.typeChanges {
            lines.append("column \(change.column): \(change.old.rawValue) → \(change.new.rawValue)")
        }
        return lines
    }

    /// A row change's line after its sign: where it is, then its values or changed cells.
    private func describe(_ change: RowChange) -> String {
        let row = change.kind == .removed ? change.oldRow ?? 0 : change.newRow ?? 0
        var location = "row \(row)"
        if !change.key.isEmpty {
            location += " (" + zip(keys, change.key).map { "\($0)=\(Self.display($1))" }.joined(separator: ", ") + ")"
        } else if change.kind == .modified, let oldRow = change.oldRow, oldRow != row {
            location += " (was \(oldRow))"
        }
        switch change.kind {
        case .added, .removed:
            let names = change.kind == .added ? schema.newColumns : schema.oldColumns
            let values = zip(names, change.values).map { "\($0)=\(Self.display($1))" }
            return location + ": " + values.joined(separator: ", ")
        case .modified:
            let cells = change.cells.map { "\($0.column) \(Self.display($0.old)) → \(Self.display($0.new))" }
            return location + ": " + cells.joined(separator: ", ")
        }
    }

    /// `value` as a row line shows it: as is when plain, else quoted with `\"`, `\\`, `\n`,
    /// `\r`, `\t` and `\u{…}` escapes; cut to 60 characters with `…`.
    static func display(_ value: String) -> String {
        let cut = value.count > 60 ? String(value.prefix(59)) + "…" : value
        let plain =
            !cut.isEmpty && cut.first != " " && cut.last != " "
            && !cut.unicodeScalars.contains { $0.value < 0x20 || $0 == "," || $0 == "=" || $0 == "\"" || $0 == "\\" }
            && !cut.contains("→")
        if plain { return cut }
        var quoted = "\""
        for scalar in cut.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20: quoted += "\\u{\(String(scalar.value, radix: 16))}"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// `count` and `noun`, with an "s" unless the count is 1.
    static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
