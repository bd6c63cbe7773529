import ArgumentParser
import MLVRepository

struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug", abstract: "Inspect how mlv stores data.", subcommands: [DedupCommand.self])
}

/// `mlv debug dedup <file>...`: new bytes per version with tensor-aware and plain chunking.
struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Show the new bytes each version of a file would store.",
        discussion: """
            Reads the files in order as successive versions of one file and prints, for each, the bytes \
            of chunks no earlier version had: with tensor-aware chunking (safetensors and NPY files cut \
            at tensor boundaries, as mlv stores them) and with plain content-defined chunking.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Versions of a file, oldest first.") var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file") }
    }

    func run() throws {
        let versions = try DedupEstimate.measure(paths: files)
        if global.json {
            try printJSON(
                versions.map {
                    [
                        "path": $0.path, "size": $0.size, "newBytesTensorAware": $0.newBytesTensorAware,
                        "newBytesPlain": $0.newBytesPlain, "tensorFile": $0.isTensorFile,
                    ] as [String: Any]
                })
            return
        }
        print("size\ttensor-aware\tplain\tfile")
        for version in versions {
            print("\(version.size)\t\(version.newBytesTensorAware)\t\(version.newBytesPlain)\t\(version.path)")
        }
    }
}
