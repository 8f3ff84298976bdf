import BHYTCard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thing to look at, from the command line or a request: a card's text (a line of a file
/// or of standard input, or an argument), an image file, a JSON document, or an input that
/// could not be read.
package struct InputItem: Sendable {
    package enum Content: Sendable {
        /// One line of card text.
        case text(String)
        /// A line longer than the reader keeps (its length): refused as INPUT_TOO_LARGE.
        case tooLong(bytes: Int)
        /// An image file (PNG or JPEG), read when it is worked on.
        case image(path: String)
        /// A JSON document (a card, or an array of cards).
        case json(String)
        /// The input could not be read at all: an I/O error, not a card.
        case unreadable(String)
    }

    /// Where it came from, as programs read it (the JSON `input` member, whatever the
    /// language): `argument 2`, `cards.txt:14`, `stdin:3`.
    package let origin: String
    /// The line number in its file or standard input, for items read a line at a time.
    package let line: Int?
    package let content: Content
    /// The argument's number, for an item given as an argument.
    private let argument: Int?

    package init(origin: String, line: Int? = nil, content: Content) {
        self.origin = origin
        self.line = line
        self.content = content
        argument = nil
    }

    /// An item given on the command line as the `index`-th argument.
    package init(argument index: Int, content: Content) {
        origin = "argument \(index)"
        line = nil
        self.content = content
        argument = index
    }

    /// Where it came from, for people: `tham số 2` in Vietnamese; file names as they are.
    package func origin(_ language: Language) -> String {
        guard let argument, language == .vi else { return origin }
        return "tham số \(argument)"
    }
}

/// Turns arguments into input items as ``CardInput`` decides, one at a time: the lines of a
/// file or of standard input are read as they arrive. Meant for one thread (the pipeline's
/// reader).
package final class InputReader: @unchecked Sendable {
    /// Longest line kept; a longer one is reported as too long (and costs no memory).
    package static let maximumLine = 1 << 16
    /// Largest JSON document read whole.
    package static let maximumDocument = 16 << 20

    private var pending: [(index: Int, argument: String)]
    private var lines: LineReader?
    private var linesName = ""
    private var linesFD: Int32 = -1
    /// The lines are JSON documents (a file of JSON lines), not card text.
    private var linesAreJSON = false
    private let language: Language

    /// Every line of standard input is an item, blank ones too (a program waiting for one
    /// answer a line must get one); files skip blank lines and `#` comments.
    private let answersEveryStdinLine: Bool

    /// Reads `arguments` in order (no arguments: standard input). With `answersEveryStdinLine`
    /// (verify, inspect, scan) a blank line on standard input is an item of its own.
    package init(arguments: [String], language: Language = .en, answersEveryStdinLine: Bool = false) {
        let args = arguments.isEmpty ? ["-"] : arguments
        pending = args.enumerated().map { ($0.offset + 1, $0.element) }.reversed()
        self.language = language
        self.answersEveryStdinLine = answersEveryStdinLine
    }

    deinit { closeLines() }

    private func closeLines() {
        if linesFD > 2 { close(linesFD) }
        linesFD = -1
        lines = nil
    }

    /// The next item, or `nil` when every argument has been read.
    package func next() -> InputItem? {
        while true {
            if var reader = lines {
                let line = reader.next()
                lines = reader
                if let (number, content) = line {
                    let origin = "\(linesName):\(number)"
                    switch content {
                    case .tooLong(let n): return InputItem(origin: origin, line: number, content: .tooLong(bytes: n))
                    case .text(let t):
                        let trimmed = t.drop { $0 == " " || $0 == "\t" }
                        if trimmed.isEmpty || trimmed.hasPrefix("#"), !(answersEveryStdinLine && linesFD == 0) { continue }
                        return InputItem(origin: origin, line: number, content: linesAreJSON ? .json(t) : .text(t))
                    }
                }
                closeLines()
                continue
            }
            guard let (index, arg) = pending.popLast() else { return nil }
            switch CardInput.kind(of: arg) {
            case .text:
                return InputItem(argument: index, content: .text(arg))
            case .standardInput:
                lines = LineReader(fd: 0, maximumLine: InputReader.maximumLine)
                linesFD = 0
                linesName = "stdin"
                linesAreJSON = false
            case .file:
                if let item = openFile(arg, argument: index) { return item }
            }
        }
    }

    private func cannotRead(_ path: String, _ code: Int32) -> InputItem {
        cannotRead(path, CardInput.describeErrno(code, language) as String)
    }

    private func cannotRead(_ path: String, _ why: String) -> InputItem {
        InputItem(origin: path, content: .unreadable((language == .vi ? "không đọc được \(path): " : "cannot read \(path): ") + why))
    }

    /// Opens a file argument: images and JSON as one item, text as lines (`nil`: lines started).
    private func openFile(_ path: String, argument: Int) -> InputItem? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT, CardInput.isOtherQRText(path) { return InputItem(argument: argument, content: .text(path)) }
            return cannotRead(path, code)
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else {
            close(fd)
            return cannotRead(path, EISDIR)
        }
        var head = [UInt8](repeating: 0, count: 1 << 16)
        let isRegular = (st.st_mode & S_IFMT) == S_IFREG
        // Sniff the first bytes of a regular file; a pipe or FIFO is read as lines as it comes.
        let n = isRegular ? head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) } : 0
        guard n >= 0 else {
            let code = errno
            close(fd)
            return cannotRead(path, code)
        }
        switch CardInput.fileKind(Array(head.prefix(n))) {
        case .png, .jpeg:
            close(fd)
            return InputItem(origin: path, content: .image(path: path))
        case .unsupported(let en, let vi):
            close(fd)
            return cannotRead(path, language == .vi ? vi : en)
        case .json where CardInput.isJSONLines(Array(head.prefix(n))):
            lines = LineReader(fd: fd, maximumLine: InputReader.maximumLine)
            linesFD = fd
            linesName = path
            linesAreJSON = true
            return nil
        case .json:
            defer { close(fd) }
            guard let bytes = FileBytes.read(fd: fd, limit: InputReader.maximumDocument) else {
                return cannotRead(path, language == .vi ? "quá \(InputReader.maximumDocument >> 20) MiB" : "larger than \(InputReader.maximumDocument >> 20) MiB")
            }
            return InputItem(origin: path, content: .json(String(decoding: bytes, as: UTF8.self)))
        case .lines:
            lines = LineReader(fd: fd, maximumLine: InputReader.maximumLine)
            linesFD = fd
            linesName = path
            linesAreJSON = false
            return nil
        }
    }
}

/// Reading whole files, bounded.
package enum FileBytes {
    /// Why a file could not be read: `cannot read PATH: reason`.
    package struct ReadError: Error, Sendable, CustomStringConvertible {
        package let description: String
    }

    /// A file's bytes, or an error that names the file and the reason (missing, a folder, too large, …).
    package static func contents(of path: String, limit: Int, language: Language = .en) throws(ReadError) -> [UInt8] {
        let vi = language == .vi
        let prefix = vi ? "không đọc được \(path): " : "cannot read \(path): "
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(description: prefix + CardInput.describeErrno(errno, language)) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            throw ReadError(description: prefix + CardInput.describeErrno(EISDIR, language))
        }
        guard let bytes = read(fd: fd, limit: limit) else {
            let big = vi ? "lớn hơn \(limit >> 20) MiB" : "larger than \(limit >> 20) MiB"
            throw ReadError(description: prefix + (errno == 0 ? big : CardInput.describeErrno(errno, language)))
        }
        return bytes
    }

    /// A file's bytes, or `nil` when it cannot be read or is larger than `limit`.
    package static func read(path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return read(fd: fd, limit: limit)
    }

    /// The rest of an open file's bytes, or `nil` on an error or beyond `limit`.
    package static func read(fd: Int32, limit: Int) -> [UInt8]? {
        errno = 0
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { errno = 0; return nil }
        }
    }
}
