import ArgumentParser

@main
struct BHYT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bhyt",
        abstract: "Read, issue, print and verify Vietnamese health-insurance cards (thẻ BHYT) as QR codes.",
        discussion: """
            Exit status: 0 success; 1 a card was malformed (inspect) or invalid (verify); \
            2 usage or I/O error.
            Set LANG=vi_VN.UTF-8 (or pass --lang vi) for Vietnamese output.
            """,
        subcommands: [Inspect.self, Issue.self, Render.self, Keygen.self, Trust.self])
}
