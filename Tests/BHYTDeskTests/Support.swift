import BHYTCard
import BHYTCOSE
import BHYTVerifier
import Foundation

/// Samples and keys for the desk tests.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func sample(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("samples/" + path), encoding: .utf8)
    }

    static let trust: TrustList = {
        (try? TrustList(json: (try? sample("DEMO-ONLY-trust.json")) ?? "")) ?? TrustList()
    }()

    /// 2025-07-01 09:00 Vietnam time: the samples' cards are valid then.
    static let july2025: Int64 = 1_751_335_200

    static var verifier: Verifier { Verifier(settings: VerificationSettings(trust: trust, time: july2025)) }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bhyt-desk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }
}
