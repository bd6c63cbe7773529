import MLVCLI

@main
enum Entrypoint {
    static func main() async {
        await MLVCommand.mainWithExitCodes()
    }
}
