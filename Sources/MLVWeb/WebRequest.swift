import MLVRemote

/// A request as the pages see it: the path split into raw (still percent-encoded) segments,
/// the decoded query, the credentials and the form body.
struct WebRequest {
    var method: String
    /// The raw path without its query.
    var path: String
    /// Raw segments of the path; empty for `/`. A trailing `/` adds no segment.
    var segments: [String]
    var query: [String: String]
    var headers: [String: String]
    var body: [UInt8]

    init(_ request: ServiceRequest, body: [UInt8]) throws(WebError) {
        method = request.method
        headers = request.headers
        self.body = body
        let parts = request.path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts.first ?? "")
        guard path.hasPrefix("/") else { throw .badRequest("a request path starts with '/'") }
        guard path.utf8.count <= 8192 else { throw WebError(414, "the request path is too long") }
        var segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if segments.last == "" { segments.removeLast() }
        self.segments = segments
        query = parts.count > 1 ? WebRequest.form(Array(parts[1].utf8)) : [:]
    }

    /// `a=1&b=x%20y` (`+` is a space) as a dictionary; later keys win.
    static func form(_ bytes: [UInt8]) -> [String: String] {
        var out: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&")) {
            let sides = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: ArraySlice<UInt8>) -> String? {
                let text = String(
                    decoding: part.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
                return text.removingPercentEncodingStrict()
            }
            guard let key = decode(sides[0]), let value = decode(sides.count > 1 ? sides[1] : []) else { continue }
            out[key] = value
        }
        return out
    }

    /// Decodes the segments naming a repository, refusing what the remote API refuses.
    func repositoryName(_ raw: [String]) throws(WebError) -> [String] {
        var names: [String] = []
        for segment in raw {
            guard let name = segment.removingPercentEncodingStrict(), RemoteService.isSafeSegment(name) else {
                throw .notFound("invalid repository name in '\(path)'")
            }
            names.append(name)
        }
        return names
    }

    /// The decoded segments after the page name, which is at index `start`.
    ///
    /// A decoded segment may not hold `/`, `\`, NUL or control characters, nor be `.` or `..`:
    /// `%2e%2e` and `%2F` cannot walk out of a repository path.
    func decodedTail(after start: Int) throws(WebError) -> [String] {
        guard start < segments.count else { return [] }
        var out: [String] = []
        for raw in segments[(start + 1)...] {
            guard let segment = raw.removingPercentEncodingStrict(), segment != ".", segment != "..",
                !segment.unicodeScalars.contains(where: { $0 == "/" || $0 == "\\" || $0.value < 0x20 })
            else {
                throw .badRequest("invalid path segment '\(raw)'")
            }
            out.append(segment)
        }
        return out
    }

    /// The cookie named `name`, percent-decoded.
    func cookie(_ name: String) -> String? {
        guard let header = headers["cookie"] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if pair.count == 2, pair[0] == name { return String(pair[1]).removingPercentEncodingStrict() }
        }
        return nil
    }
}

extension String {
    /// Percent-decoding that fails on malformed escapes and on bytes that are not UTF-8.
    func removingPercentEncodingStrict() -> String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
