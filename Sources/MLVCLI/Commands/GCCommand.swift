import ArgumentParser
import MLVGit
import MLVRepository

struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc", abstract: "Remove unreachable objects and merge packs.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .customLong("dry-run")], help: "Show what would be removed; change nothing.") var dryRun =
        false

    func run() throws {
        let repository = try global.openRepository()
        // Inside git, objects that git's history still names through mlv.lock or pointers stay.
        let roots = try GitWorkspace.enclosingAny(repository)?.gitRoots() ?? GCRoots()
        let result = try repository.gc(dryRun: dryRun, extraRoots: roots)
        let plan = result.plan
        if global.json {
            try printJSON([
                "dry_run": dryRun, "kept_objects": plan.keptObjects, "dropped_objects": plan.droppedObjects,
                "dropped_bytes": plan.droppedBytes, "packs_removed": plan.packsToRemove,
                "garbage_files": plan.garbageFiles,
            ])
        } else if !global.quiet {
            let verb = dryRun ? "would remove" : "removed"
            print(
                "\(verb) \(plan.droppedObjects) objects (\(plan.droppedBytes) bytes) and \(plan.garbageFiles.count) leftover files; kept \(plan.keptObjects) objects"
            )
        }
    }
}
