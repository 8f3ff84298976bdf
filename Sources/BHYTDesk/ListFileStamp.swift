#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Kept apart from the service's NIO imports: with them in scope, the C `stat` structure's
// members resolve to NIO's C module in release builds (member import visibility).
/// A list file as last read: its path, and what identifies this version of it on disk.
package struct ListFileStamp: Sendable, Equatable {
    package let path: String
    package let modified: Int64
    package let modifiedNanoseconds: Int64
    package let size: Int64
    package let inode: UInt64

    package init(path: String, modified: Int64, modifiedNanoseconds: Int64, size: Int64, inode: UInt64) {
        self.path = path
        self.modified = modified
        self.modifiedNanoseconds = modifiedNanoseconds
        self.size = size
        self.inode = inode
    }

    /// The file's stamp now, `nil` when it cannot be examined.
    package static func of(_ path: String) -> ListFileStamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Darwin)
        let mtime = st.st_mtimespec
        #else
        let mtime = st.st_mtim
        #endif
        return ListFileStamp(path: path, modified: Int64(mtime.tv_sec), modifiedNanoseconds: Int64(mtime.tv_nsec),
                             size: Int64(st.st_size), inode: UInt64(st.st_ino))
    }
}
