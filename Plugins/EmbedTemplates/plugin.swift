import Foundation
import PackagePlugin

/// Embeds every file of the target's `Templates` folder (except README.md)
/// into a generated Swift source, rebuilt whenever a template changes.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let folder = target.directoryURL.appending(path: "Templates")
        let templates = try FileManager.default
            .contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent != "README.md" && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        let script = context.package.directoryURL.appending(path: "Plugins/EmbedTemplates/embed.sh")
        return [
            .buildCommand(
                displayName: "Embedding \(templates.count) activation templates",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [script.path, output.path] + templates.map(\.path),
                inputFiles: [script] + templates,
                outputFiles: [output]
            )
        ]
    }
}
