// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ioimpact",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "IOImpact", targets: ["IOImpact"]),
        .executable(name: "ioimpact", targets: ["ioimpact"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Only the workbench (IOImpactServer, `ioimpact serve`) uses it: the IOImpact library does not.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // The narrow C seam: Fortran LAPACK/BLAS entry points, linked from Debian's
        // liblapack-dev/libopenblas-dev (OpenBLAS is chosen at run time by update-alternatives).
        .systemLibrary(
            name: "CLAPACK",
            path: "Sources/CLAPACK",
            providers: [.apt(["liblapack-dev", "libopenblas-dev"])]
        ),
        // All computation: tables, cases, models, calibration, reports. Optimised in debug builds too, so
        // that `make test` runs the golden reports and property tests in about a tenth of the time
        // (the tests still import it with @testable: SwiftPM passes -enable-testing in debug).
        .target(
            name: "IOImpact",
            dependencies: [
                "CLAPACK",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // The workbench: a local web page and JSON API over the library (`ioimpact serve`). No computation of
        // its own: it picks cases and tables from the catalogue, runs them through IOImpact and returns what the
        // library's writers produce. The page (HTML, CSS, JavaScript) is compiled into the binary (Page/*.swift).
        .target(
            name: "IOImpactServer",
            dependencies: [
                "IOImpact",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // The command: argument handling and output only.
        .executableTarget(
            name: "ioimpact",
            dependencies: [
                "IOImpact",
                "IOImpactServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks (make bench): never part of make test.
        .executableTarget(
            name: "ioimpact-bench",
            dependencies: ["IOImpact"],
            path: "Benchmarks/ioimpact-bench"
        ),
        // Fixtures are read from the source tree (Tests/IOImpactTests/Fixtures), not bundled.
        .testTarget(
            name: "IOImpactTests",
            dependencies: ["IOImpact"],
            exclude: ["Fixtures"]
        ),
        // The workbench's API through Hummingbird's test client, and the page in headless Chromium.
        .testTarget(
            name: "IOImpactServerTests",
            dependencies: [
                "IOImpactServer",
                "IOImpact",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["browser"]
        ),
    ]
)
