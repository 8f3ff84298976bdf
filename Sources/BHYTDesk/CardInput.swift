import BHYTCard
import BHYTJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the command line and the service are given to read, decided once, in one place:
///
/// * `-` is standard input, one card a line;
/// * card text is recognised by its shape — the `BHXH1:` prefix (any case) or `|`-separated
///   legacy text — and taken as it is;
/// * anything else is a file name: a missing or unreadable file is an error ("cannot read
///   FILE: reason"), never card text. A file is read by its content, not its name: a PNG or
///   JPEG image, a JSON document (a card, or an array of cards), or text with one card a line
///   (a UTF-8 byte-order mark and CR LF line ends accepted; blank lines and `#` comments skipped),
///   or JSON lines (one card's JSON a line).
package enum CardInput {
    /// How an argument is read.
    package enum Kind: Sendable, Equatable {
        case text
        case standardInput
        case file
    }

    /// Decides how an argument is read (see ``CardInput``).
    package static func kind(of argument: String) -> Kind {
        if argument == "-" { return .standardInput }
        return CardTextKind.of(argument) == .none ? .file : .text
    }

    /// Whether an argument that names no file is still text to answer: QR text of another kind
    /// (a bank's VietQR, a link) pasted as an argument. A file name a person types has a `.` or
    /// a `/` (or is short); such text has neither and is at least 20 characters long, and gets a
    /// verdict (FORMAT_UNKNOWN) instead of "no such file".
    package static func isOtherQRText(_ argument: String) -> Bool {
        argument.utf8.count >= 20 && !argument.utf8.contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "\\") }
    }

    /// What a file holds, judged from its first bytes.
    package enum FileKind: Sendable, Equatable {
        case png
        case jpeg
        case json
        case lines
        /// Something no card input is, recognised by its first bytes: named in the message (a
        /// UTF-16 text file from Notepad, a GIF, BMP, WebP, TIFF or PDF file, a zip archive).
        case unsupported(en: String, vi: String)
    }

    /// The kind of a file's content from its first bytes (a byte-order mark and spaces skipped for JSON).
    package static func fileKind(_ head: [UInt8]) -> FileKind {
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if let other = unsupported(head) { return other }
        var rest = head[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        let first = rest.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .json : .lines
    }

    private static func unsupported(_ head: [UInt8]) -> FileKind? {
        func image(_ name: String) -> FileKind {
            .unsupported(en: "a \(name) image; save or convert it as PNG or JPEG", vi: "ảnh \(name); hãy lưu hoặc chuyển sang PNG hoặc JPEG")
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            return .unsupported(en: "UTF-16 text (Notepad's \"Unicode\"); save it as UTF-8", vi: "văn bản UTF-16 (\"Unicode\" của Notepad); hãy lưu lại dạng UTF-8")
        }
        if head.starts(with: Array("GIF8".utf8)) { return image("GIF") }
        if head.starts(with: Array("BM".utf8)), head.count >= 14, head[6] == 0, head[7] == 0, head[8] == 0, head[9] == 0 { return image("BMP") }
        if head.starts(with: Array("RIFF".utf8)), head.count >= 12, Array(head[8..<12]) == Array("WEBP".utf8) { return image("WebP") }
        if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return image("TIFF") }
        if head.starts(with: Array("%PDF".utf8)) {
            return .unsupported(en: "a PDF document; give a PNG or JPEG of the card", vi: "tài liệu PDF; hãy dùng ảnh PNG hoặc JPEG của thẻ")
        }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return .unsupported(en: "a zip archive (or an Excel file); save the cards as UTF-8 text or JSON", vi: "tệp nén zip (hoặc Excel); hãy lưu thẻ dạng văn bản UTF-8 hoặc JSON")
        }
        return nil
    }

    /// Whether a JSON file is JSON lines (one document a line: its first line is a whole JSON
    /// value), rather than one document over several lines (a pretty-printed card, an array).
    package static func isJSONLines(_ head: [UInt8]) -> Bool {
        guard let newline = head.firstIndex(of: 0x0A) else { return false }
        var first = head[..<newline]
        if first.last == 0x0D { first = first.dropLast() }
        return (try? JSONParser.parse(Array(first))) != nil
    }

    /// Why a file could not be read, as the receptionist's or the operator's message says it.
    package static func describeErrno(_ code: Int32, _ language: Language = .en) -> String {
        let vi = language == .vi
        switch code {
        case ENOENT: return vi ? "không có tệp này" : "no such file"
        case EACCES, EPERM: return vi ? "không có quyền đọc" : "permission denied"
        case EISDIR: return vi ? "đây là một thư mục" : "it is a folder"
        default: return String(cString: strerror(code))
        }
    }
}
