import Foundation
import XCTest

/// The page in headless Chromium (Debian's `chromium`), driven through the DevTools protocol by
/// browser/workbench_browser.py (PyPI `websockets`): the reference case, half its cut, half its cut with a
/// 90-day stockpile, compared on one chart and one table; each headline read from the DOM equals
/// `ioimpact run`'s; a bad case shows the loader's message. Screenshots: .build/test-artifacts/.
/// Skipped, with the reason, where Chromium or `websockets` is missing (`make test` installs both).
final class BrowserTests: XCTestCase {
    func testTheWorkbenchInChromium() throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("Debian's chromium is not installed (apt-get install chromium; `make test` does it as root)")
        }
        let python = "/usr/bin/env"
        let probe = try runProgram(python, ["python3", "-c", "import websockets"])
        guard probe.status == 0 else {
            throw XCTSkip("Python's websockets is missing (pip install websockets; `make test` does it)")
        }
        guard FileManager.default.isExecutableFile(atPath: ioimpactBinary) else {
            throw XCTSkip("the ioimpact binary was not found beside the tests (\(ioimpactBinary))")
        }
        let artifacts = projectRoot + "/.build/test-artifacts"
        let script = projectRoot + "/Tests/IOImpactServerTests/browser/workbench_browser.py"
        let r = try runProgram(python, ["python3", script,
                                        "--binary", ioimpactBinary, "--chromium", chromium, "--root", projectRoot,
                                        "--artifacts", artifacts])
        print(r.out)
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertTrue(r.out.contains("every check held"), r.out)
        let shot = try Data(contentsOf: URL(fileURLWithPath: artifacts + "/workbench.png"))
        XCTAssertEqual(Array(shot.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        XCTAssertGreaterThan(shot.count, 20_000)
    }
}
