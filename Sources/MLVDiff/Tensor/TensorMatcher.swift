import MLVFormats

/// Pairs the tensors of two versions of a file: by name first, then removed with added tensors
/// of identical content (renames).
struct TensorMatcher {
    /// Both sides, sorted by name (UTF-8 bytes), as ``TensorFile`` gives them.
    let old: [TensorFile.Tensor]
    let new: [TensorFile.Tensor]
    /// Same-named tensors found identical, after ``changes()``.
    private(set) var unchanged = 0

    init(old: [TensorFile.Tensor], new: [TensorFile.Tensor]) {
        self.old = old
        self.new = new
    }

    /// The changes, sorted by name.
    ///
    /// Same-named tensors are identical when dtype, shape and bytes agree (checked in that
    /// order, bytes last); otherwise modified, with statistics when the shapes agree. A removed
    /// tensor is a rename of the first added tensor (by name) with the same dtype, shape and
    /// bytes that no earlier removed tensor (by name) took.
    /// - Complexity: O(t) name pairs plus O(n) bytes compared and summed, plus O(r·a) candidate
    ///   checks for r removed and a added tensors (most fail on dtype, shape or the first bytes).
    mutating func changes() -> [TensorChange] {
        var changes: [TensorChange] = []
        var removed: [TensorFile.Tensor] = []
        var added: [TensorFile.Tensor] = []
        var (o, n) = (0, 0)
        while o < old.count || n < new.count {
            let order: Int =
                o == old.count
                ? 1
                : n == new.count
                    ? -1 : TensorMatcher.compare(old[o].name, new[n].name)
            if order < 0 {
                removed.append(old[o])
                o += 1
            } else if order > 0 {
                added.append(new[n])
                n += 1
            } else {
                if let change = TensorMatcher.change(old[o], new[n]) { changes.append(change) } else { unchanged += 1 }
                o += 1
                n += 1
            }
        }

        var taken = [Bool](repeating: false, count: added.count)
        for tensor in removed {
            let match = added.indices.first { !taken[$0] && TensorMatcher.sameContent(tensor, added[$0]) }
            if let match {
                taken[match] = true
                changes.append(
                    TensorChange(
                        kind: .renamed, name: added[match].name, oldName: tensor.name, old: layout(tensor),
                        new: layout(added[match])))
            } else {
                changes.append(TensorChange(kind: .removed, name: tensor.name, old: layout(tensor), new: nil))
            }
        }
        for (index, tensor) in added.enumerated() where !taken[index] {
            changes.append(TensorChange(kind: .added, name: tensor.name, old: nil, new: layout(tensor)))
        }
        return changes.sorted { TensorMatcher.compare($0.name, $1.name) < 0 }
    }

    /// The change between two same-named tensors, or nil when they are identical.
    private static func change(_ old: TensorFile.Tensor, _ new: TensorFile.Tensor) -> TensorChange? {
        if sameContent(old, new) { return nil }
        let statistics = old.shape == new.shape ? TensorStatistics(old: old, new: new) : nil
        return TensorChange(
            kind: .modified, name: new.name, old: layout(old), new: layout(new), statistics: statistics)
    }

    /// Same dtype, shape and bytes.
    private static func sameContent(_ a: TensorFile.Tensor, _ b: TensorFile.Tensor) -> Bool {
        a.dtype == b.dtype && a.shape == b.shape && a.data.count == b.data.count && a.data == b.data
    }

    /// −1, 0 or 1 as `a` sorts before, with or after `b` by UTF-8 bytes.
    static func compare(_ a: String, _ b: String) -> Int {
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }
}

private func layout(_ tensor: TensorFile.Tensor) -> TensorChange.Layout {
    TensorChange.Layout(dtype: tensor.dtype, shape: tensor.shape)
}
