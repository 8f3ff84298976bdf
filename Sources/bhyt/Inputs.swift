import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thing to look at: a line of text (from an argument, a file or stdin), or a file to read whole.
struct InputItem {
    enum Content {
        /// QR text (one line).
        case text(String)
        /// A card in its JSON form (a `.json` file).
        case cardJSON(String)
        /// A PNG image path.
        case image(String)
        /// The input could not be read at all.
        case unreadable(String)
    }

    /// Where it came from, for messages: `argument 2`, `cards.txt:14`, `stdin:3`.
    let origin: String
    let content: Content
}

/// Turns command-line arguments into input items: `-` (or nothing) is stdin, one card a
/// line; an existing file is read (`.png` as an image, `.json` as a card, anything else
/// one card a line, skipping blank lines and `#` comments); anything else is QR text.
struct Inputs: Sequence {
    let arguments: [String]
    /// Longest line read; a longer one is cut and marked so the codec refuses it as too long.
    static let maximumLine = 1 << 20

    func makeIterator() -> AnyIterator<InputItem> {
        var pending = arguments.isEmpty ? ["-"] : arguments
        pending.reverse()
        var current: AnyIterator<InputItem>?
        var argIndex = 0
        return AnyIterator {
            while true {
                if let item = current?.next() { return item }
                current = nil
                guard let arg = pending.popLast() else { return nil }
                argIndex += 1
                if arg == "-" {
                    guard let input = fdopen(0, "r") else {
                        return InputItem(origin: "stdin", content: .unreadable("cannot read standard input"))
                    }
                    current = Inputs.lines(of: input, name: "stdin", closeAtEnd: false)
                } else if Inputs.isFile(arg) {
                    let lower = arg.lowercased()
                    if lower.hasSuffix(".png") {
                        return InputItem(origin: arg, content: .image(arg))
                    } else if lower.hasSuffix(".json") {
                        guard let text = Inputs.readWhole(arg) else {
                            return InputItem(origin: arg, content: .unreadable("cannot read \(arg)"))
                        }
                        return InputItem(origin: arg, content: .cardJSON(text))
                    } else if let f = fopen(arg, "r") {
                        current = Inputs.lines(of: f, name: arg, closeAtEnd: true)
                    } else {
                        return InputItem(origin: arg, content: .unreadable("cannot open \(arg)"))
                    }
                } else {
                    return InputItem(origin: "argument \(argIndex)", content: .text(arg))
                }
            }
        }
    }

    static func isFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    static func readWhole(_ path: String, limit: Int = 16 << 20) -> String? {
        readBytes(path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A whole file's bytes, or `nil` when unreadable or over `limit`.
    static func readBytes(_ path: String, limit: Int = 16 << 20) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
            if bytes.count > limit { return nil }
        }
        return bytes
    }

    /// Lines of a file, without their line ending; blank lines and `#` comments are skipped.
    static func lines(of file: UnsafeMutablePointer<FILE>, name: String, closeAtEnd: Bool) -> AnyIterator<InputItem> {
        var number = 0
        var done = false
        return AnyIterator {
            while !done {
                var line: [UInt8] = []
                var sawAny = false
                while true {
                    let c = getc(file)
                    if c == EOF { done = true; break }
                    sawAny = true
                    if c == 0x0A { break }
                    if line.count <= maximumLine { line.append(UInt8(c)) }
                }
                if done, closeAtEnd { fclose(file) }
                if !sawAny { return nil }
                number += 1
                if line.last == 0x0D { line.removeLast() }
                let text = String(decoding: line, as: UTF8.self)
                let trimmed = text.drop { $0 == " " || $0 == "\t" }
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                return InputItem(origin: "\(name):\(number)", content: .text(text))
            }
            return nil
        }
    }
}
