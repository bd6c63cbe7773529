import Foundation
import MLVRemote
import MLVRepository
import MLVTestSupport
import Testing

@Suite struct RemoteConfigTests {
    static let base = URL(fileURLWithPath: "/work/here")

    @Test(
        "parses folder, file, http and s3 urls",
        arguments: [
            ("/abs/repo", RemoteURL.folder(URL(fileURLWithPath: "/abs/repo"))),
            ("rel/repo", .folder(URL(fileURLWithPath: "/work/here/rel/repo"))),
            ("../up", .folder(URL(fileURLWithPath: "/work/up"))),
            ("file:///srv/data%20sets", .folder(URL(fileURLWithPath: "/srv/data sets"))),
            ("http://127.0.0.1:8080/team/repo", .http(URL(string: "http://127.0.0.1:8080/team/repo")!)),
            ("https://mlv.example.com/r", .http(URL(string: "https://mlv.example.com/r")!)),
            ("s3://my-bucket/some/prefix/", .s3(bucket: "my-bucket", prefix: "some/prefix")),
            ("s3://my-bucket", .s3(bucket: "my-bucket", prefix: "")),
        ])
    func parses(text: String, expected: RemoteURL) throws {
        #expect(try RemoteURL(parsing: text, relativeTo: Self.base) == expected)
    }

    @Test(
        "rejects malformed urls",
        arguments: [
            "", "ftp://host/x", "file://relative", "http:///nohost", "s3://Bad_Bucket/x", "s3://ab", "s3://bucket/../x",
        ])
    func rejects(text: String) {
        #expect {
            try RemoteURL(parsing: text, relativeTo: Self.base)
        } throws: { ($0 as? RemoteError)?.code == .badRemote }
    }

    @Test("remote add, rename, set-url and remove keep config and tracking refs in step")
    func lifecycle() throws {
        let repo = try TempRepository()
        let tip = try repo.commitFiles(["a": "a\n"], message: "one")
        try repo.repository.addRemote(Remote(name: "origin", url: "../elsewhere"), relativeTo: repo.root)
        var reopened = try repo.reopened()
        let origin = try reopened.remote(named: "origin")
        #expect(origin.url == repo.root.deletingLastPathComponent().appendingPathComponent("elsewhere").path)
        #expect(throws: RemoteError.self) {
            try reopened.addRemote(Remote(name: "origin", url: "/x"), relativeTo: repo.root)
        }
        #expect(throws: RemoteError.self) {
            try reopened.addRemote(Remote(name: "bad name", url: "/x"), relativeTo: repo.root)
        }

        let tracking = try #require(RefName("refs/remotes/origin/main"))
        try reopened.refs.update(
            tracking, to: tip, expecting: .absent,
            log: ReflogEntryContext(who: .init(name: "t", email: "t", time: 0), message: "t"))
        try reopened.renameRemote("origin", to: "upstream")
        reopened = try repo.reopened()
        #expect(reopened.remotes().map(\.name) == ["upstream"])
        #expect(try reopened.refs.resolve(tracking).id == nil)
        #expect(try reopened.refs.resolve(#require(RefName("refs/remotes/upstream/main"))).id == tip)

        try reopened.setRemoteURL("upstream", url: "s3://bucket/p", relativeTo: repo.root)
        #expect(try repo.reopened().remote(named: "upstream").url == "s3://bucket/p")
        try repo.reopened().removeRemote("upstream")
        reopened = try repo.reopened()
        #expect(reopened.remotes().isEmpty)
        #expect(try reopened.refs.list(prefix: "refs/remotes/").isEmpty)
        #expect(throws: RemoteError.self) { try reopened.remote(named: "upstream") }
    }

    @Test("a folder without a repository is a bad remote")
    func notARepository() {
        #expect {
            try RemoteTransports.open(
                url: "/nonexistent/repo", config: RemoteTransportConfig(currentDirectory: Self.base))
        } throws: { ($0 as? RemoteError)?.code == .badRemote }
    }
}
