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
    /// A line longer than ``maximumLine`` is cut there (and then refused as too large).
    static func lines(of file: UnsafeMutablePointer<FILE>, name: String, closeAtEnd: Bool) -> AnyIterator<InputItem> {
        var number = 0
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        var finished = false
        return AnyIterator {
            while !finished {
                let n = getline(&buffer, &capacity, file)
                guard n >= 0, let line = buffer else {
                    finished = true
                    free(buffer)
                    buffer = nil
                    if closeAtEnd { fclose(file) }
                    return nil
                }
                number += 1
                var length = Swift.min(n, maximumLine)
                let bytes = UnsafeRawBufferPointer(start: line, count: length)
                while length > 0, bytes[length - 1] == 0x0A || bytes[length - 1] == 0x0D { length -= 1 }
                let text = String(decoding: UnsafeRawBufferPointer(start: line, count: length), as: UTF8.self)
                let trimmed = text.drop { $0 == " " || $0 == "\t" }
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                return InputItem(origin: "\(name):\(number)", content: .text(text))
            }
            return nil
        }
    }
}
