using System.Globalization;
using ComplianceRisk.Engine.Risks;
using Spectre.Console;

namespace ComplianceRisk.Cli.Output;

/// <summary>A diff of two assessments as tables for people.</summary>
internal sealed class DiffView(TextWriter writer, bool interactive)
{
    public void Write(AssessmentDiff diff)
    {
        var console = Consoles.For(writer, interactive);
        console.Write(new Rule($"[bold]Changes for {Markup.Escape(diff.OrganizationId)}: {diff.AsOfBefore:yyyy-MM-dd} → {diff.AsOfAfter:yyyy-MM-dd}[/]").LeftJustified());
        var readiness = diff.ReadinessChange is { } change
            ? $"Readiness {Num(diff.ReadinessBefore)} → {Num(diff.ReadinessAfter)} ({(change > 0 ? "+" : "")}{change.ToString("0.0", CultureInfo.InvariantCulture)})"
            : $"Readiness {Num(diff.ReadinessBefore)} → {Num(diff.ReadinessAfter)}";
        console.MarkupLine(readiness);
        console.MarkupLine($"{diff.New.Length} new · {diff.Closed.Length} closed · {diff.Escalated.Length} escalated · {diff.DeEscalated.Length} de-escalated · {diff.Unchanged} unchanged");
        if (diff.IsEmpty)
        {
            console.MarkupLine("[green]No change.[/]");
            return;
        }
        foreach (var (title, rows) in new[] { ("New", diff.New), ("Escalated", diff.Escalated), ("De-escalated", diff.DeEscalated), ("Closed", diff.Closed) })
        {
            if (rows.IsEmpty) continue;
            var table = new Table().Title($"[bold]{title}[/]").Border(TableBorder.Rounded).Expand()
                .AddColumn("Risk").AddColumn("Before").AddColumn("After");
            foreach (var r in rows)
                table.AddRow(new Text($"{r.Title}\n{r.RiskId}"), new Text(Score(r.ScoreBefore, r.RatingBefore)), new Text(Score(r.ScoreAfter, r.RatingAfter)));
            console.Write(table);
        }
    }

    private static string Num(double? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a";
    private static string Score(int? score, Engine.Catalogs.RiskRating? rating) => score is null ? "—" : $"{score} {rating}";
}
