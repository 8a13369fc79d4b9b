// swift-tools-version: 6.0
import PackageDescription

let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")

let package = Package(
    name: "nbaops",
    products: [
        .executable(name: "nbaops", targets: ["nbaops"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // C libraries, each behind one shim imported by exactly one Swift module.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),

        .target(name: "Warehouse", dependencies: [grdb]),
        .target(name: "HTTP", dependencies: ["CCurl"]),
        .target(name: "SourceFormats"),
        .target(name: "Scrapers", dependencies: ["HTTP", "SourceFormats", "Warehouse"]),
        .target(name: "Pipeline", dependencies: ["Warehouse", "SourceFormats"]),
        .target(name: "Runtime", dependencies: ["Pipeline", "Scrapers", "Warehouse"]),
        .target(name: "Investigation", dependencies: ["Runtime", "Warehouse"]),
        .target(name: "Scenario", dependencies: ["SourceFormats"]),
        .target(name: "Shell", dependencies: ["CEditLine", "Investigation", "Runtime", "Pipeline", "Warehouse"]),
        .executableTarget(
            name: "nbaops",
            dependencies: ["Shell", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "SourceFormats", "Warehouse"], exclude: ["Fixtures"]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "Runtime", "Warehouse"], exclude: ["Golden"]),
        .testTarget(name: "EndToEndTests", dependencies: ["nbaops", "Warehouse"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
