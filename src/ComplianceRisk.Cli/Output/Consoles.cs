using Spectre.Console;

namespace ComplianceRisk.Cli.Output;

internal static class Consoles
{
    /// <summary>A console over a writer: colours only for a person at a terminal, a wide fixed width otherwise.</summary>
    public static IAnsiConsole For(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!interactive) console.Profile.Width = 200;
        return console;
    }
}
