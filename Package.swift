// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "gptsh",
    products: [
        .executable(name: "gptsh", targets: ["gptsh"]),
        .library(name: "GPTEngine", targets: ["GPTEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // oneDNN ships no pkg-config file; the module map names its library.
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .systemLibrary(name: "CReadline", pkgConfig: "readline",
                       providers: [.apt(["libreadline-dev"])]),
        .target(name: "CRuntime"),
        .target(name: "CKernels", dependencies: ["CDNNL"],
                linkerSettings: [.linkedLibrary("dnnl"), .linkedLibrary("gomp")]),
        // The kernels alone run without Swift's checks: file parsers, the session and the model's
        // API keep theirs.
        .target(
            name: "GPTKernels",
            dependencies: ["CKernels", "CRuntime"],
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-target-cpu", "haswell"])]
        ),
        .target(name: "GPTEngine", dependencies: ["GPTKernels"]),
        .target(
            name: "GPTShell",
            dependencies: ["GPTEngine", "CReadline"]
        ),
        .executableTarget(
            name: "gptsh",
            dependencies: [
                "GPTShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "gptsh-bench",
            dependencies: [
                "GPTEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "gptsh-tokenizer-bench", dependencies: ["GPTEngine"], path: "Sources/gptsh-tokenizer-bench"),
        .testTarget(name: "GPTEngineTests", dependencies: ["GPTEngine", "GPTKernels"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "GPTShellTests", dependencies: ["GPTShell", "GPTEngine"]),
    ],
    swiftLanguageModes: [.v5]
)
