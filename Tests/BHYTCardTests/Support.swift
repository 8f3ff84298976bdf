import BHYTCard
import Foundation

/// The tests' seeded generator is the library's.
typealias SeededGenerator = SplitMix64

enum Samples {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// A sample file's single line, without its final newline.
    static func line(_ path: String) throws -> String {
        var s = try text(path)
        if s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    static func files(in dir: String, ext: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path)
            .filter { $0.hasSuffix("." + ext) }.sorted()
    }

    static func card(_ name: String) throws -> Card { try Card(jsonText: text("cards/\(name).json")) }

    static func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(path)))
    }
}

/// Random valid cards of every form, for property tests (the library's synthetic cards).
enum RandomCards {
    static func card(_ g: inout SeededGenerator) -> Card {
        var cards = SyntheticCards(seed: g.next())
        return cards.card()
    }
}
