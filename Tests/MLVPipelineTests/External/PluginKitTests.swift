import Foundation
import Testing

@testable import MLVPluginKit

/// MLVPluginKit's side of the protocol: request decoding, typed parameters, and the answers
/// `PluginMain` writes for `describe`, `train` and failures.
@Suite struct PluginKitTests {
    static let request = #"""
        {"protocol":1,"inputs":["/in/a.csv"],"outputs":["/out/m.bin"],"metrics":null,
         "params":{"target":"label","lr":0.5,"epochs":3,"shuffle":true,"layers":[8,4]},
         "seed":"18446744073709551615","threads":2}
        """#

    func answer(_ command: String?, input: String = request, train: (PluginRequest) throws -> [String: Double])
        -> (status: Int32, output: String)
    {
        var output: [UInt8] = []
        let status = PluginMain.answer(
            id: "demo", version: "3", summary: "a demo", parameters: ["target"], command: command,
            input: { Data(input.utf8) }, output: { output += $0 }, train: train)
        return (status, String(decoding: output, as: UTF8.self))
    }

    @Test("decodes the request: paths, typed parameters, the full UInt64 seed, threads") func decode() throws {
        let request = try PluginRequest(json: Array(Self.request.utf8))
        #expect(request.inputs.map(\.path) == ["/in/a.csv"])
        #expect(request.outputs.map(\.path) == ["/out/m.bin"])
        #expect(request.metrics == nil)
        #expect(request.seed == UInt64.max)
        #expect(request.compute.threads == 2)
        #expect(try request.params.string("target") == "label")
        #expect(try request.params.double("lr") == 0.5)
        #expect(try request.params.int("epochs") == 3)
        #expect(try request.params.bool("shuffle"))
        #expect(request.params["layers"] == .list([.number(8), .number(4)]))
        #expect(try request.params.int("missing", default: 4) == 4)
        #expect(throws: PluginError.self) { try request.params.int("lr") }
        #expect(throws: PluginError.self) { try request.params.string("epochs") }
        #expect(throws: PluginError.self) { try request.params.double("missing") }
    }

    @Test("refuses a request of another protocol version, naming both") func version() throws {
        let json = Self.request.replacingOccurrences(of: #""protocol":1"#, with: #""protocol":2"#)
        #expect {
            _ = try PluginRequest(json: Array(json.utf8))
        } throws: { error in
            "\(error)" == "the train request speaks protocol 2, this plugin speaks protocol 1"
        }
    }

    @Test("describe answers id, version, summary and parameters") func describe() {
        let (status, output) = answer("describe") { _ in [:] }
        #expect(status == 0)
        #expect(
            output
                == #"{"id":"demo","parameters":["target"],"protocol":1,"summary":"a demo","version":"3"}"# + "\n")
    }

    @Test("train answers the metrics; a thrown error becomes the error answer and status 1") func train() {
        let ok = answer("train") { _ in ["accuracy": 0.75] }
        #expect(ok.status == 0)
        #expect(ok.output == #"{"metrics":{"accuracy":0.75},"protocol":1}"# + "\n")
        let failed = answer("train") { _ in throw PluginError("no column \"label\"") }
        #expect(failed.status == 1)
        #expect(failed.output == #"{"error":"no column \"label\"","protocol":1}"# + "\n")
        let garbage = answer("train", input: "nope") { _ in [:] }
        #expect(garbage.status == 1)
        #expect(garbage.output.contains("not a JSON object"))
    }

    @Test("an unknown command is a usage error") func usage() {
        #expect(answer("dance") { _ in [:] }.status == 2)
        #expect(answer(nil) { _ in [:] }.status == 2)
    }
}
