import ArgumentParser

@main
struct BHYT: AsyncParsableCommand {
    /// The toolkit's version (the signed card's envelope is `BHXH1`).
    static let version = "BHYTKit 0.3.0 (envelope BHXH1)"

    static let configuration = CommandConfiguration(
        commandName: "bhyt",
        abstract: "Read, issue, print and verify Vietnamese health-insurance cards (thẻ BHYT) as QR codes.",
        discussion: """
            Exit status: 0 success; 1 a card was malformed (inspect), refused (issue, render) or \
            invalid (verify); 4 (verify) none invalid but some unreadable (scan again); 3 (verify) \
            none invalid or unreadable but some unverified (legacy cards); \
            2 usage or I/O error (a missing file, an unusable trust list).
            Set LANG=vi_VN.UTF-8 (or pass --lang vi) for Vietnamese output.
            """,
        version: BHYT.version,
        subcommands: [Verify.self, Scan.self, Serve.self, Inspect.self, Issue.self, Render.self, CardCommand.self, Keygen.self, Trust.self, Revocation.self, Records.self, Lists.self, Users.self, Conformance.self])

    /// Runs the command (`serve` asynchronously, the rest on this thread); usage errors exit
    /// with status 2 (not ArgumentParser's 64), as documented.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var service = command as? AsyncParsableCommand {
                try await service.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == .failure || code.rawValue == 1 || code.rawValue == 3 || code.rawValue == 4 {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { Console.error(message) }
            terminate(2)
        }
    }
}

#if canImport(Glibc)
import Glibc
func terminate(_ code: Int32) -> Never { Glibc.exit(code) }
#elseif canImport(Darwin)
import Darwin
func terminate(_ code: Int32) -> Never { Darwin.exit(code) }
#endif
