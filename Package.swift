// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.strictMemorySafety()]

let package = Package(
    name: "mlv",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mlv", targets: ["mlv"]),
        // For external training plugins written in Swift (docs/PLUGINS.md, "External plugins").
        .library(name: "MLVPluginKit", targets: ["MLVPluginKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // These come with Hummingbird; MLVServer names them for header fields, its logger and signals.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CDeflate", path: "Sources/CDeflate", providers: [.apt(["libdeflate-dev"])]),
        // ISA-L's igzip, the deflate encoder of `add` (Debian's libisal-dev); a C wrapper, since
        // its stream struct and level-buffer sizes are macros and 80 KB structs Swift should not see.
        .target(name: "CIgzip", path: "Sources/CIgzip", linkerSettings: [.linkedLibrary("isal")]),
        // SHA-256 of sixteen messages at once in AVX-512 lanes; optimized even in debug builds.
        .target(name: "CSHA256Lanes", path: "Sources/CSHA256Lanes", cSettings: [.unsafeFlags(["-O3"])]),
        .target(
            name: "MLVStorage",
            dependencies: [
                "CZlib", "CDeflate", "CIgzip", "CSHA256Lanes", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(name: "MLVObjects", dependencies: ["MLVStorage"], swiftSettings: strict),
        .target(name: "MLVDiff", dependencies: ["MLVObjects", "MLVFormats"], swiftSettings: strict),
        .target(
            name: "MLVRepository", dependencies: ["MLVStorage", "MLVObjects", "MLVFormats", "MLVDiff"], swiftSettings: strict),
        .target(
            name: "MLVGit", dependencies: ["MLVRepository", "MLVRemote", "MLVDiff", "MLVFormats", "MLVStorage", "MLVObjects"],
            swiftSettings: strict),
        .target(
            name: "MLVCLI",
            dependencies: [
                "MLVRepository", "MLVObjects", "MLVDiff", "MLVFormats", "MLVPipeline", "MLVRemote", "MLVGit", "MLVServer",
                "MLVCharts", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "mlv", dependencies: ["MLVCLI"], swiftSettings: strict),
        .target(name: "MLVFormats", swiftSettings: strict),
        // Charts as SVG text (line charts of metrics, confusion matrices): a leaf, stdlib only.
        .target(name: "MLVCharts", swiftSettings: strict),
        // Optimized even in debug builds (tests train small models through it); contraction off so
        // that every fused multiply-add is one the source writes out; no errno from sqrtf, so
        // square roots vectorize (IEEE square roots round the same in every width).
        .target(
            name: "CMLVKernels", path: "Sources/CMLVKernels",
            cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno"])]),
        .target(name: "MLVCompute", dependencies: ["CMLVKernels", "MLVFormats"], swiftSettings: strict),
        .target(
            name: "MLVPipeline",
            dependencies: ["MLVRepository", "MLVDiff", "MLVCompute", "MLVFormats", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        // libcurl's easy interface through dlopen: no HTTP library is loaded until a remote needs it.
        .target(name: "CCurl", path: "Sources/CCurl"),
        .target(
            name: "MLVRemote",
            dependencies: [
                "MLVRepository", "MLVStorage", "MLVObjects", "CCurl", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // `mlv serve`: the only module that imports Hummingbird, so core work builds without it.
        .target(
            name: "MLVServer",
            dependencies: [
                "MLVRemote", "MLVWeb", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        // The web UI of `mlv serve`: requests to HTML pages, without sockets (MLVServer binds it).
        .target(
            name: "MLVWeb",
            dependencies: [
                "MLVRepository", "MLVObjects", "MLVStorage", "MLVDiff", "MLVFormats", "MLVPipeline", "MLVRemote", "MLVCharts",
            ],
            swiftSettings: strict),
        .target(name: "MLVPluginKit", dependencies: ["MLVCompute", "MLVFormats"], swiftSettings: strict),
        // A complete external plugin built with MLVPluginKit, run by the tests (Examples/README.md).
        .executableTarget(
            name: "mlv-plugin-nearest-centroid", dependencies: ["MLVPluginKit", "MLVFormats"],
            path: "Examples/NearestCentroid", swiftSettings: strict),
        // Benchmarks of the compute core, built in release by `make bench`; not a product.
        .executableTarget(
            name: "mlv-compute-bench", dependencies: ["MLVCompute", "MLVStorage"], path: "Benchmarks/ComputeBench",
            swiftSettings: strict),
        .target(name: "MLVTestSupport", dependencies: ["MLVRepository", "MLVRemote"], swiftSettings: strict),
        .testTarget(
            name: "MLVStorageTests", dependencies: ["MLVStorage", "MLVTestSupport"],
            exclude: ["Vectors"], swiftSettings: strict),
        .testTarget(
            name: "MLVObjectsTests", dependencies: ["MLVObjects", "MLVTestSupport"], exclude: ["Vectors"],
            swiftSettings: strict),
        .testTarget(
            name: "MLVRepositoryTests", dependencies: ["MLVRepository", "MLVTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "MLVDiffTests", dependencies: ["MLVDiff", "MLVTestSupport"], exclude: ["Golden"],
            swiftSettings: strict),
        .testTarget(
            name: "MLVPipelineTests", dependencies: ["MLVPipeline", "MLVPluginKit", "MLVTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "MLVChartsTests", dependencies: ["MLVCharts", "MLVTestSupport"], swiftSettings: strict),
        .testTarget(name: "MLVFormatsTests", dependencies: ["MLVFormats", "MLVTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "MLVComputeTests", dependencies: ["MLVCompute", "MLVStorage", "MLVTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "MLVRemoteTests", dependencies: ["MLVRemote", "MLVTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "MLVGitTests", dependencies: ["MLVGit", "MLVTestSupport"], exclude: ["Golden"],
            swiftSettings: strict),
        .testTarget(
            name: "MLVCLITests", dependencies: ["MLVCLI", "MLVTestSupport"],
            exclude: ["Golden"], swiftSettings: strict),
        .testTarget(
            name: "MLVWebTests", dependencies: ["MLVWeb", "MLVServer", "MLVPipeline", "MLVTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "MLVServerTests", dependencies: ["MLVServer", "MLVRemote", "MLVRepository", "MLVTestSupport"],
            swiftSettings: strict),
    ]
)
