#if canImport(Glibc)
import Glibc
#endif

/// The process environment, read by name.
enum Environment {
    static func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    /// The variables among `names` that are set.
    static func values(_ names: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for name in names { if let v = value(name) { out[name] = v } }
        return out
    }
}

/// Where `bhyt` keeps its state (records spool, …): systemd's `$STATE_DIRECTORY` for the
/// service, else `$XDG_STATE_HOME/bhyt`, else `~/.local/state/bhyt` — created (0700) when first
/// asked for; `nil` when none can be made.
enum StateDirectory {
    static var path: String? {
        let dir: String
        if let systemd = Environment.value("STATE_DIRECTORY"), !systemd.isEmpty {
            dir = String(systemd.split(separator: ":").first ?? "")
        } else if let xdg = Environment.value("XDG_STATE_HOME"), xdg.hasPrefix("/") {
            dir = xdg + "/bhyt"
        } else if let home = Environment.value("HOME"), home.hasPrefix("/") {
            dir = home + "/.local/state/bhyt"
        } else {
            return nil
        }
        // Each missing folder on the way, owner-only.
        var partial = ""
        for part in dir.split(separator: "/") {
            partial += "/" + part
            _ = mkdir(partial, 0o700)
        }
        var info = stat()
        return stat(dir, &info) == 0 ? dir : nil
    }
}
