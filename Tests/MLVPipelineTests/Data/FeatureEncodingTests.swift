import Foundation
import MLVPipeline
import Testing

@Suite struct FeatureEncodingTests {
    func table(_ text: String, _ h: PluginHarness, name: String = "t.csv") throws -> TableFile {
        try TableFile(contentsOf: h.write(text, to: name), plugin: "test")
    }

    @Test("one-hot encodes categorical columns with sorted categories") func oneHot() throws {
        let h = try PluginHarness()
        let file = try table("n,colour,y\n1.5,red,a\n2,blue,b\n-3,red,a\n", h)
        let encoding = try FeatureEncoding.fit(file, features: nil, excluding: ["y"], plugin: "test")
        #expect(encoding.columns == [.init(name: "n"), .init(name: "colour", categories: ["blue", "red"])])
        #expect(encoding.encodedNames == ["n", "colour=blue", "colour=red"])
        #expect(encoding.width == 3)
        #expect(try encoding.matrix(file, plugin: "test") == [1.5, 0, 1, 2, 1, 0, -3, 0, 1])
    }

    @Test("applies the recorded encoding to another table") func reuse() throws {
        let h = try PluginHarness()
        let train = try table("colour,n\nred,1\nblue,2\n", h)
        let encoding = try FeatureEncoding.fit(train, features: ["n", "colour"], excluding: [], plugin: "test")
        let other = try table("n,colour\n5,red\n6,red\n", h, name: "other.csv")
        #expect(try encoding.matrix(other, plugin: "test") == [5, 0, 1, 6, 0, 1])
    }

    @Test("names the file, row and column of a bad value") func badValues() throws {
        let h = try PluginHarness()
        let file = try table("a,b\n1,2\n3,\n", h, name: "holes.csv")
        let encoding = try FeatureEncoding.fit(file, features: nil, excluding: [], plugin: "p")
        expectPipelineError(.invalidInput, mentioning: ["p: holes.csv row 2", "missing value", "\"b\""]) {
            _ = try encoding.matrix(file, plugin: "p")
        }
    }

    @Test("rejects a feature list that names the target or repeats a column") func badFeatures() throws {
        let h = try PluginHarness()
        let file = try table("a,b\n1,2\n", h)
        expectPipelineError(.invalidParameter, mentioning: ["p", "features", "\"b\""]) {
            _ = try FeatureEncoding.fit(file, features: ["a", "b"], excluding: ["b"], plugin: "p")
        }
        expectPipelineError(.invalidParameter, mentioning: ["p", "features", "\"a\""]) {
            _ = try FeatureEncoding.fit(file, features: ["a", "a"], excluding: [], plugin: "p")
        }
        expectPipelineError(.invalidParameter, mentioning: ["p", "features", "t.csv"]) {
            _ = try FeatureEncoding.fit(file, features: nil, excluding: ["a", "b"], plugin: "p")
        }
    }

    @Test("a table without data rows is an error") func empty() throws {
        let h = try PluginHarness()
        expectPipelineError(.invalidInput, mentioning: ["p", "empty.csv", "no data rows"]) {
            _ = try TableFile(contentsOf: h.write("a,b\n", to: "empty.csv"), plugin: "p")
        }
    }

    @Test("class labels sort numerically when every value is a number") func labels() throws {
        #expect(ClassLabels(values: ["10", "9", "2", "10"]).names == ["2", "9", "10"])
        #expect(ClassLabels(values: ["b", "a", "10", "9"]).names == ["10", "9", "a", "b"])
        let labels = ClassLabels(values: ["b", "a"])
        #expect(try labels.indices(of: ["a", "b", "b"], file: "f", column: "c", plugin: "p") == [0, 1, 1])
        expectPipelineError(.invalidInput, mentioning: ["p: f row 2", "\"z\"", "\"c\""]) {
            _ = try labels.indices(of: ["a", "z"], file: "f", column: "c", plugin: "p")
        }
    }
}
