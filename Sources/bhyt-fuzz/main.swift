// bhyt-fuzz: libFuzzer driver. Built by `make fuzz` with -sanitize=fuzzer,address; the
// target comes from BHYT_FUZZ_TARGET (legacy, base10, cbor, cose, trustList, revocationList, png).
import BHYTFuzzTargets
#if canImport(Glibc)
import Glibc
#endif

let target: FuzzTarget = {
    guard let name = getenv("BHYT_FUZZ_TARGET").map({ String(cString: $0) }), let t = FuzzTarget(rawValue: name) else {
        print("set BHYT_FUZZ_TARGET to one of: " + FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))
        exit(2)
    }
    return t
}()

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    target.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

_ = target
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, { testOneInput($0, $1) }))
#else
print("bhyt-fuzz needs libFuzzer: build and run it with `make fuzz` (FUZZ_SECONDS=60 per target by default).")
exit(2)
#endif
