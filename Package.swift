// swift-tools-version:6.1
import PackageDescription
import Foundation

// The service's router tests (HummingbirdTesting, which brings AsyncHTTPClient and NIOSSL). The
// sanitizer builds (`make test-sanitizers`, BHYT_SANITIZER_BUILD=1) leave them out: no code they
// run is under test there, and compiling the HTTP stack twice more would double CI's time.
let serviceTests: [Target] = ProcessInfo.processInfo.environment["BHYT_SANITIZER_BUILD"] == "1" ? [] : [
    .testTarget(name: "BHYTServiceTests", dependencies: [
        "BHYTService", "BHYTCard", "BHYTQR",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
    ]),
]

let package = Package(
    name: "BHYTKit",
    // Built and tested on Linux (Debian 12, Swift 6.3) only: the C libraries come from Debian's
    // packages, and no macOS build is tested (so none is declared).
    // What a library user asks for by name: the card model and codecs; verification with its
    // lists and verdicts; QR rendering and printing; reading card images. The generic layers
    // (CBOR, JSON, COSE, encodings) come with them; the desk and the service stay behind `bhyt`.
    products: [
        .library(name: "BHYTCard", targets: ["BHYTCard"]),
        .library(name: "BHYTVerifier", targets: ["BHYTVerifier"]),
        .library(name: "BHYTPrint", targets: ["BHYTQR", "BHYTPrint"]),
        .library(name: "BHYTImage", targets: ["BHYTImage"]),
        .executable(name: "bhyt", targets: ["bhyt"]),
    ],
    dependencies: [
        // 4.x: 3.12.3's RSA public-key parser frees a key twice on malformed DER (found by the ASan run).
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Test-only: X.509 parsing for the EU DCC conformance vectors.
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        // `bhyt serve` only (BHYTService): HTTP server, graceful shutdown, metrics. No Swift test target
        // depends on them, so the sanitizer builds (test product only) never compile them.
        // Hummingbird's default traits pull in swift-configuration, which the service does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        // Already under Hummingbird: HTTP parts in the pipeline, for answering `Expect: 100-continue`.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Form uploads to POST /v1/verify (PHP's curl, HTML forms): the multipart/form-data parser.
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        // `swift package generate-documentation --target BHYTVerifier` (the DocC catalog).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Check-in records in SQLite (Debian's libsqlite3), with versioned migrations.
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        // Check-in records in PostgreSQL, for a hospital with several desks and replicas.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // `bhyt lists sync`: fetching the agency's signed lists (conditional requests).
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // C libraries from the system (Debian packages named in each provider).
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZbar", pkgConfig: "zbar", providers: [.apt(["libzbar-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),
        // zxing-cpp (C++, Debian's libzxing-dev) behind a small C function: the QR reader of photos.
        .target(name: "CZXing", linkerSettings: [.linkedLibrary("ZXing")]),
        // cairo (PDF, PNG, SVG surfaces) and pango (text layout) in one module; fonts from fontconfig.
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libcairo2-dev", "libpango1.0-dev", "fonts-dejavu-core"]), .brew(["pango"])]),

        // Layer 0: UTF-8 checks shared by the decoders.
        .target(name: "BHYTUTF8"),
        // Layer 1: generic CBOR (RFC 8949), JSON, and byte/text transports (Base10, Base45, zlib).
        .target(name: "BHYTCBOR", dependencies: ["BHYTUTF8"]),
        // Locks are pthread mutexes (NIOConcurrencyHelpers): the thread sanitizer sees them, while it
        // does not see Synchronization's Mutex on Linux (futex words changed outside instrumented code).
        .target(name: "BHYTEncoding", dependencies: ["CZlib", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")]),
        // Layer 2: COSE_Sign1, CWT, keys and the trust list.
        .target(name: "BHYTCOSE", dependencies: [
            "BHYTCBOR", "BHYTJSON",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
        ]),

        // Layer 3: the card model, the legacy QR codec and the signed card.
        .target(name: "BHYTJSON", dependencies: ["BHYTUTF8"]),
        .target(name: "BHYTCard", dependencies: ["BHYTJSON", "BHYTCBOR", "BHYTCOSE", "BHYTEncoding"]),
        // Layer 3 (beside the card): QR matrices and PNG writing.
        .target(name: "BHYTQR", dependencies: ["CQRencode", "CPNG"]),
        // Layer 3 (beside the card): images (PNG, JPEG) to QR text with zbar, bounded work per image.
        .target(name: "BHYTImage", dependencies: ["CPNG", "CJPEG", "CZbar", "CZXing"]),
        // Layer 4: printable cards (PDF, PNG, SVG through cairo; text through pango).
        .target(name: "BHYTPrint", dependencies: ["BHYTCard", "BHYTCOSE", "BHYTQR", "CPangoCairo", "CZlib", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")]),
        // Layer 4: the verifier (text in, verdict out; no image or file code).
        .target(name: "BHYTVerifier", dependencies: ["BHYTCard", "BHYTCBOR", "BHYTCOSE", "BHYTJSON"]),
        // Layer 4½: what the command line and the service share: the ordered parallel pipeline,
        // inputs (text, files, images), list files, the check-in log.
        .target(name: "BHYTDesk", dependencies: [
            "BHYTCard", "BHYTCOSE", "BHYTJSON", "BHYTImage", "BHYTVerifier", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Layer 5: the verify service and the front-desk page (`bhyt serve`): HTTP on Hummingbird 2;
        // the page is embedded (one binary to install, nothing fetched from elsewhere).
        // Layer 5: check-in records (sổ tiếp đón) in SQLite, chained by hashes.
        .target(name: "BHYTRecords", dependencies: [
            "BHYTCard", "BHYTDesk", "BHYTJSON", "BHYTVerifier",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        // Layer 5: check-in records in PostgreSQL (a site with several desks and replicas), with a
        // spool (SQLite) for when the server is down. A target of its own, like BHYTListSync: NIO's C modules stay out of the others.
        .target(name: "BHYTRecordsPostgres", dependencies: [
            "BHYTRecords", "BHYTDesk", "BHYTJSON", "BHYTVerifier",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Layer 5: `bhyt lists sync` (the agency's signed lists over HTTP). A target of its own: with
        // AsyncHTTPClient imported, C structures' members resolve to NIO's C module in release builds.
        .target(name: "BHYTListSync", dependencies: [
            "BHYTCard", "BHYTCOSE", "BHYTDesk", "BHYTVerifier",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .target(name: "BHYTService", dependencies: [
            "BHYTRecords",
            "BHYTCard", "BHYTCOSE", "BHYTJSON", "BHYTImage", "BHYTVerifier", "BHYTDesk",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "MultipartKit", package: "multipart-kit"),
        ]),
        // Layer 6: the command line.
        .executableTarget(name: "bhyt", dependencies: [
            "BHYTCard", "BHYTCOSE", "BHYTJSON", "BHYTQR", "BHYTImage", "BHYTPrint", "BHYTVerifier", "BHYTDesk", "BHYTService", "BHYTRecords", "BHYTRecordsPostgres", "BHYTListSync",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            // `bhyt conformance run --url`.
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),

        // `make fuzz`: fuzz targets (a library, so the tests run the corpora too) and the libFuzzer driver.
        .target(name: "BHYTFuzzTargets", dependencies: ["BHYTCard", "BHYTCBOR", "BHYTCOSE", "BHYTEncoding", "BHYTImage", "BHYTVerifier"]),
        .executableTarget(name: "bhyt-fuzz", dependencies: ["BHYTFuzzTargets"]),
        // `make bench`: in-process measurements (built in release by scripts/bench.py).
        .executableTarget(name: "bhyt-bench", dependencies: ["BHYTCard", "BHYTCBOR", "BHYTCOSE", "BHYTJSON", "BHYTQR", "BHYTImage", "BHYTVerifier"]),

        .testTarget(name: "BHYTCBORTests", dependencies: ["BHYTCBOR", "BHYTEncoding", "BHYTCOSE", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "BHYTQRTests", dependencies: ["BHYTQR", "BHYTImage"]),
        .testTarget(name: "BHYTVerifierTests", dependencies: [
            "BHYTVerifier", "BHYTCard", "BHYTCOSE", "BHYTCBOR", "BHYTEncoding", "BHYTJSON",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "BHYTDeskTests", dependencies: ["BHYTDesk", "BHYTVerifier", "BHYTCard", "BHYTCOSE", "BHYTJSON", "BHYTQR", "BHYTImage"]),
        .testTarget(name: "ConformanceTests", dependencies: [
            "BHYTCOSE", "BHYTCBOR", "BHYTEncoding", "BHYTImage", "BHYTJSON",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
        ], exclude: ["upstream-defects.json"]),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["BHYTFuzzTargets"]),
        .testTarget(name: "BHYTCardTests", dependencies: ["BHYTCard", "BHYTCBOR", "BHYTCOSE", "BHYTEncoding", "BHYTJSON"]),
        .testTarget(name: "BHYTRecordsTests", dependencies: [
            "BHYTRecords", "BHYTDesk", "BHYTCard", "BHYTVerifier", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "BHYTPrintTests", dependencies: ["BHYTPrint", "BHYTCard", "BHYTCOSE", "BHYTQR"]),
    ] + serviceTests,
    swiftLanguageModes: [.v6]
)

// Every module imports what it uses: a member is visible only through an import of its module
// (SE-0444), so no module leans on what another happens to import.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
