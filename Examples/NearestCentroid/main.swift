import Foundation
import MLVFormats
import MLVPluginKit

// mlv-plugin-nearest-centroid: a complete external training plugin (Examples/README.md).
//
// Reads one CSV table, learns the mean of every numeric feature per class of the `target`
// column (summed in row order, so the bytes are the same on every run), writes the centroids
// as safetensors with the class labels in the metadata, and reports training accuracy.

PluginMain.run(
    id: "nearest-centroid", version: "1",
    summary: "nearest-centroid classifier: per-class feature means, predicts the closest",
    parameters: ["target"]
) { request in
    let target = try request.params.string("target")
    let table = try NearestCentroidTable(url: try request.singleInput(), target: target)
    let model = NearestCentroidModel(table: table)
    try Data(try model.safetensors(target: target)).write(to: try request.singleOutput())
    return ["accuracy": model.accuracy(on: table), "classes": Double(model.classes.count)]
}
