// swift-tools-version:6.1
// An HIS's smallest use of BHYTKit: verify one card's QR text against a trust list.
import PackageDescription

let package = Package(
    name: "verify-card",
    dependencies: [.package(name: "BHYTKit", path: "../..")],
    targets: [
        .executableTarget(name: "verify-card", dependencies: [.product(name: "BHYTVerifier", package: "BHYTKit")]),
    ],
    swiftLanguageModes: [.v6]
)
