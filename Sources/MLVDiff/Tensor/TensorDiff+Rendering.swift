/// The human renderings of a ``TensorDiff``: a one-line summary and a table.
extension TensorDiff {
    /// One line, short and stable for scripts that grep it:
    /// `3 tensors changed, 1 added, 0 removed[, 2 renamed][; max |Δ| 0.0123][; 1 metadata key changed]`.
    /// "changed" counts modified tensors (values, dtype or shape); the renamed part appears only
    /// when there are renames, `max |Δ|` (3 significant digits) only when some tensor has
    /// statistics, the metadata part only when metadata changed.
    public var summary: String {
        var text =
            "\(modifiedCount) \(modifiedCount == 1 ? "tensor" : "tensors") changed, \(addedCount) added, "
            + "\(removedCount) removed"
        if renamedCount > 0 { text += ", \(renamedCount) renamed" }
        if let maximum = maxAbsDifference { text += "; max |Δ| " + NumberText.significant(maximum, digits: 3) }
        if !metadataChanges.isEmpty {
            text += "; \(metadataChanges.count) metadata \(metadataChanges.count == 1 ? "key" : "keys") changed"
        }
        return text
    }

    /// `<path>: <summary>`, then a table with a row per changed tensor, then the metadata
    /// changes; every line ends in `\n`.
    ///
    /// Rows start with git's status letters (`M` modified, `A` added, `D` removed, `R` renamed)
    /// and give the name (`old → new` for a rename), dtype and shape (`F32 → F16`,
    /// `[3] → [4]` when they changed), then for tensors with statistics: changed elements of
    /// all, max and mean |Δ| and relative L2 to 3 significant digits, cosine similarity to 6
    /// (`>0.999999` when it is below 1 but rounds to it; `n/a` when undefined). Metadata lines are `~ key: "old" → "new"`, `+ key: "new"` and
    /// `- key: "old"`. With `color`, the status letters and metadata signs are coloured (green
    /// added, red removed, yellow modified, cyan renamed) and the header row is bold.
    public func rendered(color: Bool = false) -> String {
        var out = "\(path): \(summary)\n"
        if !changes.isEmpty {
            var rows = [["", "tensor", "dtype", "shape", "changed", "max |Δ|", "mean |Δ|", "rel L2", "cosine"]]
            rows += changes.map(TensorDiff.row)
            let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for (index, row) in rows.enumerated() {
                var cells = zip(row, widths).map { cell, width in
                    cell + String(repeating: " ", count: width - cell.count)
                }
                while let last = cells.last, last.allSatisfy({ $0 == " " }) { cells.removeLast() }
                var line = cells.joined(separator: "  ")
                while line.last == " " { line.removeLast() }
                if color, index == 0 {
                    line = TextDiff.Color.meta + line + TextDiff.Color.reset
                } else if color, let code = TensorDiff.color(row[0]) {
                    line = code + row[0] + TextDiff.Color.reset + line.dropFirst(row[0].count)
                }
                out += line + "\n"
            }
        }
        if !metadataChanges.isEmpty {
            out += "metadata:\n"
            for change in metadataChanges {
                let (sign, text): (String, String) =
                    switch (change.old, change.new) {
                    case (let old?, let new?): ("~", "\(old.debugDescription) → \(new.debugDescription)")
                    case (nil, let new?): ("+", new.debugDescription)
                    case (let old?, nil): ("-", old.debugDescription)
                    case (nil, nil): ("~", "")
                    }
                let painted = color ? (TensorDiff.color(sign) ?? "") + sign + TextDiff.Color.reset : sign
                out += "  \(painted) \(change.key): \(text)\n"
            }
        }
        return out
    }

    /// The table cells of one change.
    private static func row(_ change: TensorChange) -> [String] {
        let letter =
            switch change.kind {
            case .modified: "M"
            case .added: "A"
            case .removed: "D"
            case .renamed: "R"
            }
        let name = change.oldName.map { "\($0) → \(change.name)" } ?? change.name
        let dtype = pair(change.old.map(\.dtype.rawValue), change.new.map(\.dtype.rawValue))
        let shape = pair(change.old?.shapeText, change.new?.shapeText)
        guard let statistics = change.statistics else { return [letter, name, dtype, shape, "", "", "", "", ""] }
        var changed = "\(statistics.changedElements)/\(statistics.elementCount)"
        if statistics.nonFiniteElements > 0 { changed += " (\(statistics.nonFiniteElements) nan/inf)" }
        return [
            letter, name, dtype, shape, changed,
            NumberText.significant(statistics.maxAbsDifference, digits: 3),
            NumberText.significant(statistics.meanAbsDifference, digits: 3),
            statistics.relativeL2.map { NumberText.significant($0, digits: 3) } ?? "n/a",
            statistics.cosineSimilarity.map(cosineText) ?? "n/a",
        ]
    }

    /// The cosine to 6 significant digits, except that a value below 1 that would print as `1`
    /// prints `>0.999999`, so only equal directions read `1`.
    private static func cosineText(_ value: Double) -> String {
        let text = NumberText.significant(value, digits: 6)
        return text == "1" && value < 1 ? ">0.999999" : text
    }

    /// `old`, or `old → new` when they differ; whichever exists when one is nil.
    private static func pair(_ old: String?, _ new: String?) -> String {
        switch (old, new) {
        case (let old?, let new?): old == new ? old : "\(old) → \(new)"
        case (let old?, nil): old
        case (nil, let new?): new
        case (nil, nil): ""
        }
    }

    /// The colour of a status letter or metadata sign.
    private static func color(_ status: String) -> String? {
        switch status {
        case "A", "+": TextDiff.Color.inserted
        case "D", "-": TextDiff.Color.deleted
        case "M", "~": "\u{1B}[33m"
        case "R": TextDiff.Color.fragment
        default: nil
        }
    }
}
