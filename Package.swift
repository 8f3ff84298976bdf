// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "BHYTKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "BHYTJSON", targets: ["BHYTJSON"]),
        .library(name: "BHYTCard", targets: ["BHYTCard"]),
        .executable(name: "bhyt", targets: ["bhyt"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // C libraries from the system (Debian packages named in each provider).
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),

        // Layer 3: the card model and the legacy QR codec.
        .target(name: "BHYTJSON"),
        .target(name: "BHYTCard", dependencies: ["BHYTJSON"]),
        // Layer 5: the command line.
        .executableTarget(name: "bhyt", dependencies: [
            "BHYTCard",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "BHYTCardTests", dependencies: ["BHYTCard", "BHYTJSON"]),
    ],
    swiftLanguageModes: [.v6]
)
