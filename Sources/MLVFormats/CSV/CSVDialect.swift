/// How a delimited text table is spelled: its field delimiter and quote byte (RFC 4180 with a
/// configurable delimiter).
///
/// Line endings are not part of the dialect: ``CSVReader`` accepts LF, CRLF and a lone CR in any
/// mix, and a UTF-8 byte order mark at the start is skipped.
public struct CSVDialect: Sendable, Hashable {
    /// The byte between fields: `,`, tab, `;` or `|` when sniffed, any ASCII byte when given.
    public var delimiter: UInt8
    /// The byte that opens and closes a quoted field; doubled inside one, it stands for itself.
    public var quote: UInt8

    /// A dialect with `delimiter` and `quote` (`"` by default).
    public init(delimiter: UInt8, quote: UInt8 = UInt8(ascii: "\"")) {
        self.delimiter = delimiter
        self.quote = quote
    }

    /// Comma-separated values (RFC 4180).
    public static let csv = CSVDialect(delimiter: UInt8(ascii: ","))
    /// Tab-separated values.
    public static let tsv = CSVDialect(delimiter: UInt8(ascii: "\t"))

    /// The delimiters ``sniff(_:pathExtension:)`` considers, in order of preference on a tie.
    public static let candidateDelimiters: [UInt8] = [
        UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|"),
    ]

    /// The number of lines ``sniff(_:pathExtension:)`` and ``consistentFieldCount(in:)`` look at.
    public static let sniffLines = 20

    /// Guesses the dialect of `bytes` (the start of a file is enough; 64 KiB is plenty).
    ///
    /// A `tsv` or `tab` extension means tab. Otherwise each candidate delimiter is counted outside
    /// quotes on the first ``sniffLines`` complete lines; among the candidates that split the
    /// first line into at least 2 fields, the one whose first-line field count the most lines
    /// share wins, ties going to the earlier candidate. With no winner the answer is comma.
    /// - Complexity: O(k) in the bytes of the sampled lines.
    public static func sniff(_ bytes: ArraySlice<UInt8>, pathExtension: String? = nil) -> CSVDialect {
        if let ext = pathExtension?.lowercased(), ext == "tsv" || ext == "tab" { return .tsv }
        return best(in: bytes)?.dialect ?? .csv
    }

    /// The field count shared by the sampled lines of `bytes` for the best delimiter, with that
    /// delimiter, when at least `minimumLines` lines agree on it and it is at least 2; else nil.
    ///
    /// "Agree" means every sampled line has the same count: one line that differs is enough to
    /// say the bytes are not a table in that dialect.
    /// - Complexity: O(k) in the bytes of the sampled lines.
    public static func consistentFieldCount(
        in bytes: ArraySlice<UInt8>, minimumLines: Int = 3
    ) -> (dialect: CSVDialect, fieldCount: Int)? {
        guard let best = best(in: bytes), best.lines >= minimumLines, best.agreeing == best.lines else { return nil }
        return (best.dialect, best.fieldCount)
    }

    /// The winning candidate of ``sniff(_:pathExtension:)``, with its first-line field count, how
    /// many sampled lines share that count and how many were sampled.
    private static func best(
        in bytes: ArraySlice<UInt8>
    ) -> (dialect: CSVDialect, fieldCount: Int, agreeing: Int, lines: Int)? {
        var result: (dialect: CSVDialect, fieldCount: Int, agreeing: Int, lines: Int)?
        for delimiter in candidateDelimiters {
            let counts = fieldCounts(in: bytes, dialect: CSVDialect(delimiter: delimiter))
            guard let first = counts.first, first >= 2 else { continue }
            let agreeing = counts.count { $0 == first }
            // Lines after a disagreeing first line would need a mode; the header decides here.
            if agreeing > (result?.agreeing ?? 0) {
                result = (CSVDialect(delimiter: delimiter), first, agreeing, counts.count)
            }
        }
        return result
    }

    /// The number of fields on each of the first ``sniffLines`` complete, non-blank lines of
    /// `bytes` (a record ends at a line break outside quotes). A last line without a line break is
    /// left out unless it is the only one.
    static func fieldCounts(in bytes: ArraySlice<UInt8>, dialect: CSVDialect) -> [Int] {
        var counts: [Int] = []
        var index = bytes.startIndex
        if bytes.starts(with: CSVReader.byteOrderMark) { index += 3 }
        var fields = 1
        var quoted = false
        var lineIsEmpty = true
        while index < bytes.endIndex, counts.count < sniffLines {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == dialect.quote { quoted = false }
                continue
            }
            switch byte {
            case dialect.quote: quoted = true
            case dialect.delimiter: fields += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if !lineIsEmpty { counts.append(fields) }
                fields = 1
                lineIsEmpty = true
                continue
            default: break
            }
            lineIsEmpty = false
        }
        if !lineIsEmpty, counts.isEmpty, !quoted { counts.append(fields) }
        return counts
    }
}
