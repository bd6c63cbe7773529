import ArgumentParser
import MLVRepository

struct FsckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fsck", abstract: "Verify packs, objects and everything reachable; exit 1 on problems.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let repository = try global.openRepository(forRepair: true)
        let report = try repository.fsck(progress: global.progress)
        if global.json {
            try printJSON([
                "clean": report.isClean, "problems": report.problems, "objects_checked": report.objectsChecked,
                "garbage": report.garbage, "left_on_remote": report.leftOnRemote,
            ])
        } else {
            for problem in report.problems { print("error: \(problem)") }
            for file in report.garbage where !global.quiet { print("dangling: \(file) (removed by 'mlv gc')") }
            if report.leftOnRemote > 0 && !global.quiet {
                print("partial clone: \(report.leftOnRemote) objects of left-out files are on the remote")
            }
            if report.isClean && !global.quiet { print("ok: \(report.objectsChecked) reachable objects checked") }
        }
        if !report.isClean { throw NegativeAnswer() }
    }
}
