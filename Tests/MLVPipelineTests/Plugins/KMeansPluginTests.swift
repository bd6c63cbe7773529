import Foundation
import MLVFormats
import MLVPipeline
import Testing

@Suite struct KMeansPluginTests {
    @Test("finds well-separated centres and labels the rows") func centres() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.blobs(), to: "data.csv")
        let result = try h.run(
            KMeansPlugin.self, inputs: ["data.csv"], outputs: ["centroids.safetensors", "clusters.csv"],
            ["k": .number(3), "features": .list([.string("a"), .string("b")])])
        let file = try SafetensorsFile(bytes: h.bytes("centroids.safetensors"))
        #expect(file["centroids"]?.shape == [3, 2])
        let c = try #require(try file["centroids"]?.doubles())
        for (x, y) in SyntheticData.blobCentres {
            #expect((0..<3).contains { abs(c[2 * $0] - x) < 0.3 && abs(c[2 * $0 + 1] - y) < 0.3 })
        }
        #expect((result.metrics["inertia"] ?? 1e9) < 90)
        let rows = try h.text("clusters.csv").split(separator: "\n")
        #expect(rows[0] == "a,b,name,cluster")
        // Rows of the same true blob share a cluster.
        let clusters = rows.dropFirst().map { $0.split(separator: ",").last.map(String.init) ?? "" }
        for blob in 0..<3 {
            #expect(Set(stride(from: blob, to: clusters.count, by: 3).map { clusters[$0] }).count == 1)
        }
    }

    @Test("gives the same bytes on every run and thread count") func reproducible() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.blobs(), to: "data.csv")
        try h.expectReproducible(
            KMeansPlugin.self, inputs: ["data.csv"], outputs: ["c.safetensors", "clusters.csv"],
            ["k": .number(4), "target": .string("name"), "iterations": .number(5)])
    }

    @Test("rejects bad parameters, naming them") func errors() throws {
        let h = try PluginHarness()
        try h.write("a,b\n1,2\n3,4\n", to: "data.csv")
        expectPipelineError(.invalidParameter, mentioning: ["kmeans", "k", "required"]) {
            try h.run(KMeansPlugin.self, inputs: ["data.csv"], outputs: ["c.st"])
        }
        expectPipelineError(.invalidParameter, mentioning: ["kmeans", "parameter k is 3", "2 rows", "data.csv"]) {
            try h.run(KMeansPlugin.self, inputs: ["data.csv"], outputs: ["c.st"], ["k": .number(3)])
        }
        expectPipelineError(.invalidParameter, mentioning: ["kmeans", "iterations"]) {
            try h.run(
                KMeansPlugin.self, inputs: ["data.csv"], outputs: ["c.st"], ["k": .number(1), "iterations": .number(0)])
        }
    }
}
