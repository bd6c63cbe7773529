import Foundation

/// The repository config `.mlv/config`, in git-config syntax (docs/FORMAT.md §9):
/// `[section]` or `[section "subsection"]` headers and `key = value` lines; `#`/`;` comments.
///
/// Keys are addressed as `section.key` or `section.subsection.key`; section and key names are
/// case-insensitive, subsections are not. Values keep their order of appearance.
public struct Config: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    /// Entries in file order; the last one for a key wins.
    public private(set) var entries: [Entry] = []

    public init() {}

    /// Parses config text; throws naming the line that is wrong.
    public init(parsing text: String, path: String = "config") throws {
        var section: String?
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    throw RepositoryError(.invalidConfig, "bad section header in '\(path)' line \(number + 1): \(line)")
                }
                let inner = line.dropFirst().dropLast()
                if let quote = inner.firstIndex(of: "\"") {
                    let name = inner[..<quote].trimmingCharacters(in: .whitespaces).lowercased()
                    let sub = inner[inner.index(after: quote)...].dropLast()
                    guard inner.hasSuffix("\"") else {
                        throw RepositoryError(.invalidConfig, "bad subsection in '\(path)' line \(number + 1): \(line)")
                    }
                    section = name + "." + sub
                } else {
                    section = inner.trimmingCharacters(in: .whitespaces).lowercased()
                }
                continue
            }
            guard let section else {
                throw RepositoryError(.invalidConfig, "key outside a section in '\(path)' line \(number + 1): \(line)")
            }
            // Keep empty pieces: "= v" has an empty key (an error), and "=" must not crash.
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            var value = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "true"
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
                    .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw RepositoryError(.invalidConfig, "bad key in '\(path)' line \(number + 1): \(line)")
            }
            entries.append(Entry(key: section + "." + key, value: value))
        }
    }

    static func normalize(_ key: String) -> String {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let first = parts.first, let last = parts.last else { return key }
        let middle = parts.dropFirst().dropLast().joined(separator: ".")
        return ([first.lowercased()] + (middle.isEmpty ? [] : [middle]) + [last.lowercased()]).joined(separator: ".")
    }

    /// Whether `key` has the `section.[subsection.]name` shape.
    public static func isValidKey(_ key: String) -> Bool {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let first = parts.first, let last = parts.last else { return false }
        return !first.isEmpty && !last.isEmpty
            && first.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
            && last.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    }

    public subscript(key: String) -> String? {
        let wanted = Config.normalize(key)
        return entries.last(where: { $0.key == wanted })?.value
    }

    public mutating func set(_ key: String, _ value: String) {
        let wanted = Config.normalize(key)
        if let index = entries.lastIndex(where: { $0.key == wanted }) {
            entries[index].value = value
            var seen = false
            entries = entries.reversed().filter { entry in
                guard entry.key == wanted else { return true }
                defer { seen = true }
                return !seen
            }.reversed()
        } else {
            entries.append(Entry(key: wanted, value: value))
        }
    }

    public mutating func unset(_ key: String) {
        let wanted = Config.normalize(key)
        entries.removeAll { $0.key == wanted }
    }

    /// The file text, grouped by section in order of first appearance.
    public func serialized() -> String {
        var sections: [String] = []
        var bySection: [String: [Entry]] = [:]
        for entry in entries {
            guard let dot = entry.key.lastIndex(of: ".") else { continue }
            let section = String(entry.key[..<dot])
            if bySection[section] == nil { sections.append(section) }
            bySection[section, default: []].append(
                Entry(key: String(entry.key[entry.key.index(after: dot)...]), value: entry.value))
        }
        var text = ""
        for section in sections {
            if let dot = section.firstIndex(of: ".") {
                text += "[\(section[..<dot]) \"\(section[section.index(after: dot)...])\"]\n"
            } else {
                text += "[\(section)]\n"
            }
            for entry in bySection[section] ?? [] {
                let needsQuotes =
                    entry.value.contains(where: { "#;\"".contains($0) })
                    || entry.value != entry.value.trimmingCharacters(in: .whitespaces)
                let value =
                    needsQuotes
                    ? "\""
                        + entry.value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                            of: "\"", with: "\\\"") + "\""
                    : entry.value
                text += "\t\(entry.key) = \(value)\n"
            }
        }
        return text
    }
}
