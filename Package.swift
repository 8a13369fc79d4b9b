// swift-tools-version: 6.0
import PackageDescription

let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let flyingFox = Target.Dependency.product(name: "FlyingFox", package: "FlyingFox")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")

let package = Package(
    name: "nbaops",
    products: [
        .executable(name: "nbaops", targets: ["nbaops"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Ink", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // C libraries, each behind one shim imported by exactly one Swift module.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),

        .target(name: "Warehouse", dependencies: [grdb, "CSQLite", "SourceFormats", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "HTTP", dependencies: ["CCurl", "SourceFormats"]),
        .target(name: "SourceFormats"),
        .target(name: "Scrapers", dependencies: ["HTTP", "SourceFormats", "Warehouse"]),
        .target(name: "Pipeline", dependencies: ["Warehouse", "SourceFormats"]),
        .target(name: "Runtime", dependencies: ["Pipeline", "Scrapers", "Scenario", "Warehouse", "HTTP", yams]),
        .target(name: "Investigation", dependencies: ["Runtime", "Pipeline", "Warehouse"]),
        .target(name: "Scenario", dependencies: ["SourceFormats", flyingFox]),
        .target(name: "Shell", dependencies: ["CEditLine", "Investigation", "Runtime", "Pipeline", "Scenario", "Scrapers", "Warehouse",
                                          .product(name: "Ink", package: "Ink")]),
        .executableTarget(
            name: "nbaops",
            dependencies: ["Shell", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "SourceFormatsTests", dependencies: ["SourceFormats"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "SourceFormats"]),
        .testTarget(name: "ScrapersTests", dependencies: ["Scrapers", "Scenario", "HTTP", "Runtime", "Warehouse", "Pipeline"]),
        .testTarget(name: "InvestigationTests", dependencies: ["Investigation", "Warehouse"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Scrapers", "HTTP", "Scenario", "Pipeline", "Warehouse"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "SourceFormats", "Warehouse"], exclude: ["Fixtures"]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "Runtime", "Warehouse"], exclude: ["Golden", "Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["nbaops", "Warehouse", "Scenario"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
