import Foundation
import MLVFormats

/// A CSV/TSV file read whole, with its URL kept for messages: the table a plugin reads.
///
/// The dialect is sniffed from the bytes (a `tsv` extension means tab), and ragged rows are an
/// error, since a plugin cannot tell what a missing field means.
public struct TableFile: Sendable {
    /// Where the table was read from; messages name its last path component.
    public let url: URL
    /// The parsed table.
    public let table: CSVTable

    /// Reads and parses `url` for `plugin`.
    /// - Throws: `.invalidInput` naming the plugin and file when it cannot be read, does not
    ///   parse, has no data rows or has ragged rows.
    public init(contentsOf url: URL, plugin: String) throws(PipelineError) {
        let bytes = try PluginFiles.read(url, plugin: plugin)
        let dialect = CSVDialect.sniff(bytes[...], pathExtension: url.pathExtension)
        do throws(FormatsError) {
            let table = try CSVTable(bytes: bytes, dialect: dialect)
            try table.requireRectangular()
            self.table = table
        } catch {
            throw PipelineError(.invalidInput, "\(plugin): \(url.lastPathComponent) is not a table: \(error.message)")
        }
        guard table.rowCount > 0 else {
            throw PipelineError(.invalidInput, "\(plugin): \(url.lastPathComponent) has no data rows")
        }
        self.url = url
    }

    /// The file's name, as messages print it.
    public var name: String { url.lastPathComponent }

    /// The index of column `column`.
    /// - Throws: `.invalidInput` naming the plugin, file and column when there is none.
    public func column(_ column: String, plugin: String) throws(PipelineError) -> Int {
        guard let index = table.header.firstIndex(of: column) else {
            throw PipelineError(
                .invalidInput, "\(plugin): \(name) has no column \"\(column)\"",
                hint: "columns: \(table.header.joined(separator: ", "))")
        }
        return index
    }

    /// The finite number in data row `row` (0-based) of column `column`.
    /// - Throws: `.invalidInput` naming the file, the 1-based row and the column when the value is
    ///   missing, not a number, NaN or infinite.
    public func number(row: Int, column: Int, plugin: String) throws(PipelineError) -> Double {
        let text = table.string(row: row, column: column).trimmingCharacters(in: .whitespaces)
        guard let value = Double(text), value.isFinite else {
            let what = text.isEmpty ? "a missing value" : "\"\(text)\", not a finite number,"
            throw PipelineError(
                .invalidInput,
                "\(plugin): \(name) row \(row + 1) has \(what) in numeric column \"\(table.header[column])\"")
        }
        return value
    }

    /// Whether every value of column `column` parses as a number (`Double` accepts it: NaN and
    /// infinities included, so that they are then rejected by ``number(row:column:plugin:)``
    /// rather than turning the column categorical). A column with a missing value is numeric
    /// when the other values are, so the missing value is reported.
    public func isNumeric(column: Int) -> Bool {
        var sawNumber = false
        for row in 0..<table.rowCount {
            let text = table.string(row: row, column: column).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard Double(text) != nil else { return false }
            sawNumber = true
        }
        return sawNumber
    }
}
