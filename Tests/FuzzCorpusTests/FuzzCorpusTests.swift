import BHYTFuzzTargets
import Foundation
import Testing

/// Runs every committed seed and every regression (a crash the fuzzer once found) through
/// its fuzz target once: fast, and in every CI run.
@Suite struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fuzz")

    @Test(arguments: FuzzTarget.allCases)
    func corpusRunsClean(_ target: FuzzTarget) throws {
        var count = 0
        for kind in ["corpus", "regressions"] {
            let dir = Self.root.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            for file in files.sorted() where !file.hasPrefix(".") {
                target.run(Array(try Data(contentsOf: dir.appendingPathComponent(file))))
                count += 1
            }
        }
        #expect(count > 0, "no seeds for \(target.rawValue)")
        print("fuzz corpus \(target.rawValue): \(count) inputs ran clean")
    }
}
