import MLVRepository
import Testing

@Suite struct ConfigTests {
    static let text = """
        # a comment
        [core]
        \tformatVersion = 1
        \tchunking = gear-v1 16384 65536 262144
        ; another comment
        [user]
        \tname = "Ada \\"the\\" Lovelace"
        \temail = ada@example.com
        [remote "Origin"]
        \turl = /srv/repo
        \tflag
        """

    @Test("parses sections, subsections, quotes, comments and bare keys")
    func parse() throws {
        let config = try Config(parsing: Self.text)
        #expect(config["core.formatversion"] == "1")
        #expect(config["CORE.FormatVersion"] == "1")
        #expect(config["core.chunking"] == "gear-v1 16384 65536 262144")
        #expect(config["user.name"] == "Ada \"the\" Lovelace")
        #expect(config["remote.Origin.url"] != nil)
        #expect(config["remote.origin.url"] == nil)
        #expect(config["remote.Origin.flag"] == "true")
        #expect(config["missing.key"] == nil)
    }

    @Test("serializes so that parsing gives the same entries back")
    func roundTrip() throws {
        var config = try Config(parsing: Self.text)
        config.set("user.motto", "  padded; with # chars \\ and \"quotes\" ")
        config.set("core.formatVersion", "1")
        config.set("new.section.deep", "x")
        let again = try Config(parsing: config.serialized())
        for entry in config.entries { #expect(again[entry.key] == entry.value, "\(entry.key)") }
        #expect(again.entries.count == config.entries.count)
        #expect(again["user.motto"] == "  padded; with # chars \\ and \"quotes\" ")
        #expect(again.serialized() == config.serialized())
    }

    @Test("set replaces the last value and drops duplicates; unset removes all")
    func setAndUnset() throws {
        var config = try Config(parsing: "[a]\nk = 1\nk = 2\n[b]\nk = 3\n")
        #expect(config["a.k"] == "2")
        config.set("a.k", "9")
        #expect(config.entries.filter { $0.key == "a.k" }.map(\.value) == ["9"])
        config.unset("a.k")
        #expect(config["a.k"] == nil)
        #expect(config["b.k"] == "3")
    }

    @Test(
        "rejects malformed text",
        arguments: ["[core\nk = v", "k = v", "[s]\n= v", "[s]\n=", "[s]\nbad key = v", "[s \"x]\nk=v"])
    func rejects(text: String) {
        #expect(throws: RepositoryError.self) { try Config(parsing: text) }
    }

    @Test("validates keys")
    func keys() {
        #expect(Config.isValidKey("user.name"))
        #expect(Config.isValidKey("remote.origin.url"))
        #expect(!Config.isValidKey("user"))
        #expect(!Config.isValidKey(".name"))
        #expect(!Config.isValidKey("user."))
    }
}
