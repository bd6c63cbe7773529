import MLVPluginKit

print("mlv-plugin-nearest-centroid: protocol \(PluginKit.protocolVersion)")
