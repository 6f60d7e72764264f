import Foundation
import IOImpact

// Built with `-sanitize=fuzzer -D FUZZING` (make fuzz): main hands over to libFuzzer's driver, which calls
// `fuzzOne` for every input. Built plainly, a replay tool: `ioimpact-fuzz FILE...` runs saved inputs.
let scratch = NSTemporaryDirectory() + "ioimpact-fuzz-\(getpid())"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    ParserHarness.run(Array(UnsafeBufferPointer(start: data, count: size)), scratch: scratch)
    return 0
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

@main
struct FuzzMain {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runDriver(&argc, &argv, fuzzOne))
        #else
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("\(path): cannot be read"); continue }
            print("\(path): \(ParserHarness.run(Array(data), scratch: scratch) ?? "accepted")")
        }
        #endif
    }
}
