#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import BHYTCard
import BHYTDesk
import BHYTService

struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The staff who may call `bhyt serve --users FILE`: each with a token of their own, named in every check-in.",
        discussion: """
            The users file holds each person's name, staff ID and a salted hash of their token — \
            never the token. `add` prints the new token once: give it to the person (the desk page \
            asks for it once per browser session). The file is written whole, mode 0600.
            """,
        subcommands: [UsersAdd.self, UsersList.self, UsersRemove.self])
}

struct UsersFileOption: ParsableArguments {
    @Option(name: .customLong("users"), help: ArgumentHelp("The users file.", valueName: "FILE"))
    var path: String

    func load(_ lang: Language, creating: Bool = false) throws -> StaffDirectory {
        if creating, !Files.exists(path) { return StaffDirectory() }
        do {
            return try StaffDirectory(fileText: try Files.read(path))
        } catch {
            Console.error("bhyt users: " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
    }

    func save(_ directory: StaffDirectory, _ lang: Language) throws {
        // A file the service's group may read (chgrp bhyt, chmod 0640: docs/INSTALL.md) stays so
        // when it is rewritten; never readable by others.
        var old = stat()
        let existed = lstat(path, &old) == 0 && (old.st_mode & S_IFMT) == S_IFREG
        do {
            try Files.write(directory.fileText, to: path, mode: 0o600, replace: true)
            if existed {
                _ = chown(path, uid_t.max, old.st_gid)
                _ = chmod(path, old.st_mode & 0o640)
            }
        } catch {
            Console.error("bhyt users: " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
    }
}

struct UsersAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a staff member; prints their new token (once).")

    @OptionGroup var file: UsersFileOption
    @Option(help: ArgumentHelp("The person's full name, as the records show it.", valueName: "NAME"))
    var name: String
    @Option(name: .customLong("staff-id"), help: ArgumentHelp("Their staff ID (mã nhân viên), unique in the file.", valueName: "ID"))
    var staffId: String
    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.language
        var directory = try file.load(lang, creating: true)
        let token: String
        do {
            token = try directory.add(name: name, staffId: staffId)
        } catch {
            Console.error("bhyt users add: " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
        try file.save(directory, lang)
        Console.out(token)
        Console.error(lang == .vi ? "đã thêm \(name) (\(staffId)) vào \(file.path); token ở trên chỉ in một lần: trao cho người đó"
                                  : "added \(name) (\(staffId)) to \(file.path); the token above is printed once: give it to them")
    }
}

struct UsersList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the staff (staff ID and name; never a token).")

    @OptionGroup var file: UsersFileOption
    @OptionGroup var language: LanguageOption

    func run() throws {
        for m in try file.load(language.language).members { Console.out(TerminalText.line("\(m.staffId)  \(m.name)")) }
    }
}

struct UsersRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a staff member (their token stops working at the service's next start).")

    @OptionGroup var file: UsersFileOption
    @Option(name: .customLong("staff-id"), help: ArgumentHelp("Their staff ID.", valueName: "ID"))
    var staffId: String
    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.language
        var directory = try file.load(lang)
        guard directory.remove(staffId: staffId) else {
            Console.error(lang == .vi ? "bhyt users remove: không có mã nhân viên \(staffId) trong \(file.path)" : "bhyt users remove: no staff ID \(staffId) in \(file.path)")
            throw ExitCode(2)
        }
        try file.save(directory, lang)
        Console.error(lang == .vi ? "đã xóa \(staffId); khởi động lại dịch vụ để token của người đó hết hiệu lực" : "removed \(staffId); restart the service for their token to stop working")
    }
}
