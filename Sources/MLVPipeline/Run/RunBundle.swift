import MLVRepository
import MLVStorage

/// The run records a commit names in its `run` header: a file object holding one canonical
/// record per line, in the order the stages ran (docs/FORMAT.md, "Run records and the run
/// cache").
public enum RunBundle {
    /// The bytes of a bundle of `records`.
    public static func encode(_ records: [RunRecord]) throws(PipelineError) -> [UInt8] {
        var bytes: [UInt8] = []
        for record in records {
            bytes += try record.canonicalBytes()
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The records of a bundle.
    /// - Throws: `runCache` naming the line of a record that does not decode.
    public static func decode(_ bytes: [UInt8]) throws(PipelineError) -> [RunRecord] {
        var records: [RunRecord] = []
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() {
            records.append(try RunRecord.decode(Array(line), source: "run record \(index + 1) of the commit's bundle"))
        }
        return records
    }
}
