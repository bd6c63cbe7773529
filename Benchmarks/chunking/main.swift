// Chunk-size and codec measurements for docs/FORMAT-chunking-codec.md. Built by ./measure.sh
// together with the MLVStorage chunker/codec sources (not part of the package).
//
//   measure chunking MIN AVG MAX FILE...   dedup + stored size of FILE... (versions, in order)
//   measure speed FILE                      chunker throughput on FILE (in memory)
//   measure codec FILE [WIDTH]              encode throughput and ratio per 64 KiB chunk
import Foundation

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func load(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

let args = CommandLine.arguments
switch args[1] {
case "chunking":
    let p = ChunkerParameters(minSize: Int(args[2])!, averageSize: Int(args[3])!, maxSize: Int(args[4])!)
    let chunker = Chunker(parameters: p)
    var seen = Set<[UInt8]>()
    var raw = 0, stored = 0, unique = 0, refs = 0, uniqueRaw = 0
    let encoder = ChunkEncoder(level: 1)
    var perVersion: [String] = []
    for path in args[5...] {
        let bytes = load(path)
        raw += bytes.count
        var start = 0, newBytes = 0, newStored = 0
        for length in chunker.boundaries(of: bytes) {
            let chunk = Array(bytes[start..<start + length])
            start += length
            refs += 1
            if seen.insert(chunk).inserted {
                unique += 1
                uniqueRaw += length
                let s = try! encoder.encode(chunk).bytes.count
                stored += s
                newBytes += length
                newStored += s
            }
        }
        perVersion.append("\(newStored / 1024)K")
    }
    let overhead = 50 * unique + 40 * refs
    let ratio = Double(stored + overhead) / Double(raw)
    print(String(format: "min %6d avg %6d max %7d | chunks %6d unique %6d (mean %6.0f B) | dedup raw %.4f | stored %.4f | +overhead %.4f | per version new stored: %@",
        p.minSize, p.averageSize, p.maxSize, refs, unique, Double(raw) / Double(refs),
        Double(uniqueRaw) / Double(raw), Double(stored) / Double(raw), ratio, perVersion.joined(separator: " ")))
case "speed":
    let bytes = load(args[2])
    let chunker = Chunker()
    var best = 1e9
    var count = 0
    for _ in 0..<5 {
        let t = now()
        count = chunker.boundaries(of: bytes).count
        best = min(best, now() - t)
    }
    print(String(format: "chunker: %d bytes, %d chunks, %.0f MB/s (best of 5)", bytes.count, count, Double(bytes.count) / best / 1e6))
case "codec":
    let bytes = load(args[2])
    let hint: ContentHint = args.count > 3 ? .elements(width: Int(args[3])!) : .generic
    let encoder = ChunkEncoder(level: 1)
    var chunks: [[UInt8]] = []
    var s = 0
    while s < bytes.count { let e = min(s + 65536, bytes.count); chunks.append(Array(bytes[s..<e])); s = e }
    var best = 1e9, out = 0
    var codecs: [ChunkCodec: Int] = [:]
    for _ in 0..<3 {
        let t = now()
        out = 0
        codecs = [:]
        for c in chunks { let e = try! encoder.encode(c, hint: hint); out += e.bytes.count; codecs[e.codec, default: 0] += 1 }
        best = min(best, now() - t)
    }
    var dt = 1e9
    for _ in 0..<3 {
        let t = now()
        for c in chunks { let e = try! encoder.encode(c, hint: hint); _ = try! ChunkEncoder.decode(e.bytes, codec: e.codec, rawLength: c.count) }
        dt = min(dt, now() - t)
    }
    let decodeOnly = dt - best
    let est = chunks.prefix(4).map { EntropyEstimate($0).bitsPerByte.map { String(format: "%.2f", $0) }.joined(separator: "/") }
    print(String(format: "%@ hint %@: ratio %.4f, encode %.0f MB/s, decode %.0f MB/s, codecs %@, estimates(w1/2/4/8) %@",
        args[2], "\(hint)", Double(out) / Double(bytes.count), Double(bytes.count) / best / 1e6,
        Double(bytes.count) / max(decodeOnly, 1e-9) / 1e6, "\(codecs.map { "\($0.key)=\($0.value)" }.sorted())", est.joined(separator: " ")))
default:
    break
}

// Decode-only and estimate-only timings (appended modes).
if args[1] == "decode" || args[1] == "estimate" {
    let bytes = load(args[2])
    let hint: ContentHint = args.count > 3 ? .elements(width: Int(args[3])!) : .generic
    let encoder = ChunkEncoder(level: 1)
    var chunks: [[UInt8]] = []
    var s = 0
    while s < bytes.count { let e = min(s + 65536, bytes.count); chunks.append(Array(bytes[s..<e])); s = e }
    var best = 1e9
    if args[1] == "estimate" {
        var sink = 0.0
        for _ in 0..<5 {
            let t = now()
            for c in chunks { sink += EntropyEstimate(c).bitsPerByte[0] }
            best = min(best, now() - t)
        }
        print(String(format: "estimate: %.0f MB/s (%.1f)", Double(bytes.count) / best / 1e6, sink))
    } else {
        let encoded = chunks.map { try! encoder.encode($0, hint: hint) }
        for _ in 0..<3 {
            let t = now()
            for (e, c) in zip(encoded, chunks) { _ = try! ChunkEncoder.decode(e.bytes, codec: e.codec, rawLength: c.count) }
            best = min(best, now() - t)
        }
        print(String(format: "decode: %.0f MB/s", Double(bytes.count) / best / 1e6))
    }
}
