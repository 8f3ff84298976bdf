import Foundation
import Testing

/// Runs the EU DCC test vectors through our COSE / CWT / zlib / CBOR / PNG code.
/// Finds the data at $DGC_TESTDATA, else ../shared/conformance/dgc-testdata.
@Suite struct ConformanceTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var dataRoot: URL {
        if let env = ProcessInfo.processInfo.environment["DGC_TESTDATA"], !env.isEmpty { return URL(fileURLWithPath: env) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/dgc-testdata")
    }

    /// Vectors known to be wrong upstream, with the reason (Tests/ConformanceTests/upstream-defects.json).
    static func knownDefects() throws -> [String: [String: String]] {
        let url = packageRoot.appendingPathComponent("Tests/ConformanceTests/upstream-defects.json")
        let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [String: String]]
        return obj ?? [:]
    }

    static let stages: [(flag: String, run: @Sendable (DGCVector) -> HC1.Outcome)] = [
        ("EXPECTEDUNPREFIX", HC1.unprefix), ("EXPECTEDB45DECODE", HC1.base45), ("EXPECTEDCOMPRESSION", HC1.compression),
        ("EXPECTEDDECODE", HC1.decode), ("EXPECTEDVERIFY", HC1.verify), ("EXPECTEDEXPIRATIONCHECK", HC1.expiration),
        ("EXPECTEDPICTUREDECODE", HC1.picture),
    ]

    static var dataPresent: Bool { FileManager.default.fileExists(atPath: dataRoot.path) }

    /// Without the vectors the conformance test is skipped (reported as such), never passed;
    /// under CI their absence is a failure of its own.
    @Test func vectorsArePresentInCI() {
        guard ProcessInfo.processInfo.environment["CI"] != nil else { return }
        #expect(Self.dataPresent, "the DGC test data must be present in CI (\(Self.dataRoot.path))")
    }

    @Test(.enabled(if: ConformanceTests.dataPresent, "no DGC test data (set DGC_TESTDATA to a copy of the upstream repository)"))
    func dgcTestVectors() throws {
        let root = Self.dataRoot
        let vectors = try DGCVector.all(in: root)
        #expect(vectors.count > 0)
        let defects = try Self.knownDefects()
        var refusals: [String] = []
        var tally: [String: (passed: Int, failed: Int, notApplicable: Int, refused: Int, knownDefect: Int)] = [:]
        for (flag, run) in Self.stages {
            var t = (passed: 0, failed: 0, notApplicable: 0, refused: 0, knownDefect: 0)
            for v in vectors {
                guard let expected = v.expected(flag) else { t.notApplicable += 1; continue }
                let outcome = run(v)
                if case .notApplicable(let why) = outcome {
                    refusals.append("\(v.path) \(flag) not applicable: \(why)")
                    t.notApplicable += 1
                    continue
                }
                if let reason = defects[v.path]?[flag] {
                    // Listed upstream defects must still be listed for a reason: they must not conform.
                    let conforms = (expected && outcome == .success) || (!expected && outcome != .success)
                    #expect(!conforms, "\(v.path) \(flag) is listed as an upstream defect but now conforms: \(reason)")
                    t.knownDefect += 1
                    continue
                }
                if !expected, case .failure(let why) = outcome { refusals.append("\(v.path) \(flag) fails as expected: \(why)") }
                switch (expected, outcome) {
                case (true, .success), (false, .failure):
                    t.passed += 1
                case (_, .refusedUnsupported(let why)):
                    // An algorithm the COSE layer does not verify: refused by name, never a crash and never a pass.
                    Issue.record("\(v.path) \(flag) did not run to its stage: \(why)")
                    t.refused += 1
                case (_, .notApplicable):
                    break
                case (true, .failure(let why)):
                    Issue.record("\(v.path) \(flag) expected to pass: \(why) — \(v.description)")
                    t.failed += 1
                case (false, .success):
                    Issue.record("\(v.path) \(flag) expected to fail but passed — \(v.description)")
                    t.failed += 1
                }
            }
            tally[flag] = t
        }
        print("Conformance: \(vectors.count) vector files from \(root.path)")
        for line in refusals.sorted() where !line.contains("EXPECTEDSCHEMA") { print("Conformance refusal: \(line)") }
        for (flag, _) in Self.stages {
            let t = tally[flag] ?? (0, 0, 0, 0, 0)
            print("Conformance \(flag): passed \(t.passed), failed \(t.failed), not applicable \(t.notApplicable)"
                  + ", refused as unsupported \(t.refused), known upstream defects \(t.knownDefect)")
        }
    }
}
