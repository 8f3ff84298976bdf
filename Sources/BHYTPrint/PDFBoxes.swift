/// Print-shop page boxes for a PDF cairo wrote: each page's TrimBox (where the card is cut) and
/// BleedBox (the whole page, colour included). cairo has no call for them, so they are written
/// into each page dictionary after its MediaBox, and the cross-reference table's offsets (and
/// `startxref`) are moved by what was inserted before each object.
enum PDFBoxes {
    /// `pdf` with every page trimmed `bleed` points inside its MediaBox.
    static func adding(bleed: Double, to pdf: [UInt8]) -> [UInt8] {
        let marker = Array("   /MediaBox [ ".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(pdf.count + 256)
        var insertions: [(at: Int, length: Int)] = []  // in the original's offsets
        var i = 0
        while let start = find(marker, in: pdf, from: i), let end = pdf[start...].firstIndex(of: 0x0A) {
            out += pdf[i...end]
            // "   /MediaBox [ 0 0 W H ]": the page's width and height in points.
            let numbers = String(decoding: pdf[(start + marker.count)..<end], as: UTF8.self)
                .split(separator: " ").compactMap { Double($0) }
            if numbers.count == 4 {
                let w = numbers[2], h = numbers[3]
                let lines = "   /TrimBox [ \(f(bleed)) \(f(bleed)) \(f(w - bleed)) \(f(h - bleed)) ]\n   /BleedBox [ 0 0 \(f(w)) \(f(h)) ]\n"
                out += Array(lines.utf8)
                insertions.append((end + 1, lines.utf8.count))
            }
            i = end + 1
        }
        out += pdf[i...]
        return rewriteXref(out, insertions: insertions)
    }

    /// The xref entries and `startxref` moved by the insertions made before each offset.
    private static func rewriteXref(_ pdf: [UInt8], insertions: [(at: Int, length: Int)]) -> [UInt8] {
        func moved(_ offset: Int) -> Int { offset + insertions.filter { $0.at <= offset }.reduce(0) { $0 + $1.length } }
        var bytes = pdf
        guard let xref = findLast(Array("\nxref\n".utf8), in: bytes) else { return bytes }
        // "0 N\n" then N entries of 20 bytes: "OOOOOOOOOO GGGGG n \n".
        var p = xref + 6
        guard let lineEnd = bytes[p...].firstIndex(of: 0x0A) else { return bytes }
        let header = String(decoding: bytes[p..<lineEnd], as: UTF8.self).split(separator: " ")
        guard header.count == 2, let count = Int(header[1]) else { return bytes }
        p = lineEnd + 1
        for _ in 0..<count {
            guard p + 20 <= bytes.count else { return bytes }
            if bytes[p + 17] == UInt8(ascii: "n"), let offset = Int(String(decoding: bytes[p..<(p + 10)], as: UTF8.self)) {
                bytes.replaceSubrange(p..<(p + 10), with: Array(padded(moved(offset)).utf8))
            }
            p += 20
        }
        // startxref: the table itself moved too.
        let marker = Array("startxref\n".utf8)
        if let s = findLast(marker, in: bytes), let e = bytes[(s + marker.count)...].firstIndex(of: 0x0A),
           let offset = Int(String(decoding: bytes[(s + marker.count)..<e], as: UTF8.self)) {
            bytes.replaceSubrange((s + marker.count)..<e, with: Array(String(moved(offset)).utf8))
        }
        return bytes
    }

    private static func padded(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 10 - s.count)) + s
    }

    private static func f(_ x: Double) -> String {
        let s = String((x * 1_000_000).rounded() / 1_000_000)
        return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= hay.count {
            if hay[i] == needle[0], hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private static func findLast(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = hay.count - needle.count
        while i >= 0 {
            if hay[i] == needle[0], hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }
}
