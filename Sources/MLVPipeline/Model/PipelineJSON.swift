import Foundation

/// The one JSON spelling of the pipeline's files: sorted keys, no escaped slashes, so equal
/// values give equal bytes.
enum PipelineJSON {
    /// `value` as compact JSON text.
    static func string(_ value: some Encodable) -> String {
        String(decoding: bytes(value, pretty: false), as: UTF8.self)
    }

    /// `value` as JSON bytes; pretty output ends with a line break.
    static func bytes(_ value: some Encodable, pretty: Bool) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty
            ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            : [
                .sortedKeys, .withoutEscapingSlashes,
            ]
        // Encoding plain values (strings, finite numbers, arrays, string-keyed objects) cannot fail.
        guard var bytes = try? [UInt8](encoder.encode(value)) else { return Array("null".utf8) }
        if pretty { bytes.append(10) }
        return bytes
    }

    /// Decodes `text`, or nil when it is not valid JSON of that type.
    static func decode<T: Decodable>(_ type: T.Type, from text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
