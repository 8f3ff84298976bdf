import CZlib
import NIOConcurrencyHelpers

/// zlib (RFC 1950) through the system library.
package enum Zlib {
    /// Compresses at the highest level into a zlib stream whose header announces a 32 KiB
    /// window (CMF 0x78). The hash table is sized for small inputs (memLevel 2): for the
    /// few hundred bytes of a card this finds the same matches as the default. Streams for
    /// small inputs are kept and reset between calls (`deflateReset`), which skips allocating
    /// and clearing the window and tables for every card (measured: most of `issue`'s zlib cost).
    package static func deflate(_ input: [UInt8], level: Int32 = 9) -> [UInt8] {
        let small = input.count <= 4096 && level == 9
        guard let stream = small ? DeflaterPool.shared.take() : DeflaterPool.make(level: level, memLevel: 8) else { return input }
        defer {
            if small { DeflaterPool.shared.give(stream) } else { deflateEnd(stream); stream.deallocate() }
        }
        let bound = Int(deflateBound(stream, uLong(input.count)))
        var mutableInput = input
        var produced = -1
        let out = [UInt8](unsafeUninitializedCapacity: bound) { dst, initialized in
            mutableInput.withUnsafeMutableBufferPointer { src in
                stream.pointee.next_in = src.baseAddress
                stream.pointee.avail_in = uInt(src.count)
                stream.pointee.next_out = dst.baseAddress
                stream.pointee.avail_out = uInt(bound)
                if CZlib.deflate(stream, Z_FINISH) == Z_STREAM_END { produced = bound - Int(stream.pointee.avail_out) }
            }
            initialized = max(0, produced)
        }
        // With deflateBound's room, Z_FINISH always ends the stream; if not, do not compress.
        return produced >= 0 ? out : input
    }

    /// Inflates a whole zlib stream, refusing output beyond `limit` bytes (bounded work
    /// for hostile input) and bytes after the stream.
    package static func inflate(_ input: [UInt8], limit: Int) throws(EncodingError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .zlibCorrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        var mutableInput = input
        var result: Result<[UInt8], EncodingError> = .failure(.zlibTruncated)
        mutableInput.withUnsafeMutableBufferPointer { src in
            stream.next_in = src.baseAddress
            stream.avail_in = uInt(src.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { dst -> (Int32, Int) in
                    stream.next_out = dst.baseAddress
                    stream.avail_out = uInt(dst.count)
                    let s = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (s, dst.count - Int(stream.avail_out))
                }
                out.append(contentsOf: chunk[0..<produced])
                if out.count > limit { result = .failure(.inflatesTooLarge(limit: limit)); return }
                switch status {
                case Z_STREAM_END:
                    result = stream.avail_in == 0 ? .success(out) : .failure(.zlibTrailingBytes)
                    return
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 { result = .failure(.zlibTruncated); return }
                case Z_BUF_ERROR:
                    result = .failure(.zlibTruncated)
                    return
                default:
                    let msg = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    result = .failure(.zlibCorrupt(msg))
                    return
                }
            }
        }
        return try result.get()
    }
}

/// Deflate streams for small inputs, kept between calls. A z_stream must not move once
/// initialised (zlib keeps a pointer back to it), so each lives in its own allocation.
final class DeflaterPool: @unchecked Sendable {
    static let shared = DeflaterPool()
    /// Streams ready for use (their addresses, as integers: a stream is used by one caller at a time).
    private let free = NIOLockedValueBox<[UInt]>([])

    private init() {}

    /// A fresh stream (level, 32 KiB window, memLevel), or `nil` when zlib cannot start.
    static func make(level: Int32, memLevel: Int32) -> UnsafeMutablePointer<z_stream>? {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard deflateInit2_(stream, level, Z_DEFLATED, 15, memLevel, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            return nil
        }
        return stream
    }

    /// A stream ready for a new input (level 9, memLevel 2).
    func take() -> UnsafeMutablePointer<z_stream>? {
        let address = free.withLockedValue { $0.popLast() }
        return address.flatMap { UnsafeMutablePointer(bitPattern: $0) } ?? DeflaterPool.make(level: 9, memLevel: 2)
    }

    /// Returns a stream after use (reset; freed when enough are kept already).
    func give(_ stream: UnsafeMutablePointer<z_stream>) {
        guard deflateReset(stream) == Z_OK else {
            deflateEnd(stream)
            stream.deallocate()
            return
        }
        let address = UInt(bitPattern: stream)
        let keep = free.withLockedValue { list in
            guard list.count < 64 else { return false }
            list.append(address)
            return true
        }
        if !keep {
            deflateEnd(stream)
            stream.deallocate()
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
