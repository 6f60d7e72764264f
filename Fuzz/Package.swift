// swift-tools-version:6.0
// The fuzz target (make fuzz): libFuzzer on ioimpact's parsers. A package of its own so that the
// main package's `swift build` and `swift test` never see a target without a main function.
import PackageDescription

let package = Package(
    name: "ioimpact-fuzz",
    dependencies: [.package(name: "ioimpact", path: "..")],
    targets: [
        .executableTarget(
            name: "ioimpact-fuzz",
            dependencies: [.product(name: "IOImpact", package: "ioimpact")]
        ),
    ]
)
