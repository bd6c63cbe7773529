/// Who made a commit or tag, and when: `Name <email> <seconds> <+hhmm>` as in git.
public struct Signature: Sendable, Equatable {
    public var name: String
    public var email: String
    /// Seconds since the Unix epoch.
    public var time: Int64
    /// Offset from UTC in minutes (east positive).
    public var timeZoneMinutes: Int

    public init(name: String, email: String, time: Int64, timeZoneMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.timeZoneMinutes = timeZoneMinutes
    }

    /// The `+hhmm` / `-hhmm` form of the offset.
    public var timeZoneText: String {
        let sign = timeZoneMinutes < 0 ? "-" : "+"
        let minutes = abs(timeZoneMinutes)
        let hh = minutes / 60
        let mm = minutes % 60
        return sign + (hh < 10 ? "0" : "") + String(hh) + (mm < 10 ? "0" : "") + String(mm)
    }

    /// The canonical line form.
    public var encoded: String { "\(name) <\(email)> \(time) \(timeZoneText)" }

    /// Whether name and email can be written without breaking the line format.
    public var isValid: Bool {
        let forbidden: Set<Character> = ["<", ">", "\n", "\0"]
        return !name.contains(where: forbidden.contains) && !email.contains(where: forbidden.contains)
    }

    /// Parses the line form; returns nil when it is malformed.
    public init?(parsing line: Substring) {
        guard let open = line.firstIndex(of: "<"), let close = line[open...].firstIndex(of: ">") else { return nil }
        let name = line[..<open].trimmingSuffix(" ")
        let email = line[line.index(after: open)..<close]
        let rest = line[line.index(after: close)...].split(separator: " ")
        guard rest.count == 2, let time = Int64(rest[0]) else { return nil }
        let zone = rest[1]
        guard zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
            let hh = Int(zone.dropFirst().prefix(2)), let mm = Int(zone.suffix(2))
        else { return nil }
        self.init(
            name: String(name), email: String(email), time: time,
            timeZoneMinutes: (sign == "-" ? -1 : 1) * (hh * 60 + mm))
    }
}

extension Substring {
    func trimmingSuffix(_ character: Character) -> Substring {
        var result = self
        while result.last == character { result = result.dropLast() }
        return result
    }
}
