/// The series colours: the ten of Tableau 10, chosen to stay apart for most colour vision;
/// past ten, colours repeat with a dash pattern so series still differ.
enum ChartPalette {
    static let colors = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]
    static let dashes = ["", "6 3", "2 2", "8 3 2 3"]

    static func color(_ index: Int) -> String { colors[index % colors.count] }

    /// The `stroke-dasharray` for the series at `index` ("" for a solid line).
    static func dash(_ index: Int) -> String { dashes[(index / colors.count) % dashes.count] }
}
