/// The classes of a classification target: its distinct values, sorted, so that class `i` is the
/// `i`-th smallest value. Values that all parse as numbers sort numerically (`2` before `10`);
/// otherwise they sort as strings.
public struct ClassLabels: Sendable, Equatable {
    /// The class names, in class-index order.
    public let names: [String]

    /// The classes of `values`.
    public init(values: [String]) {
        let distinct = Array(Set(values))
        let numbers = distinct.map { Double($0) }
        if numbers.allSatisfy({ $0 != nil }) {
            names = zip(distinct, numbers).sorted { ($0.1 ?? 0, $0.0) < ($1.1 ?? 0, $1.0) }.map(\.0)
        } else {
            names = distinct.sorted()
        }
    }

    /// Classes with these names, already in order (a model file's record).
    public init(names: [String]) { self.names = names }

    /// The number of classes.
    public var count: Int { names.count }

    /// The class index of each value.
    /// - Throws: `.invalidInput` naming the file, row and column for a value that is not a class.
    public func indices(
        of values: [String], file: String, column: String, plugin: String
    ) throws(PipelineError) -> [Int] {
        var lookup: [String: Int] = [:]
        for (index, name) in names.enumerated() { lookup[name] = index }
        var result: [Int] = []
        result.reserveCapacity(values.count)
        for (row, value) in values.enumerated() {
            guard let index = lookup[value] else {
                throw PipelineError(
                    .invalidInput,
                    "\(plugin): \(file) row \(row + 1) has class \"\(value)\" in column \"\(column)\" "
                        + "that the model does not know")
            }
            result.append(index)
        }
        return result
    }
}
