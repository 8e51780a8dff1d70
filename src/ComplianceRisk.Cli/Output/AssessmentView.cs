using System.Globalization;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Risks;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ComplianceRisk.Cli.Output;

/// <summary>The assessment as tables for people. Every roster value is escaped: a name like "[red]" is text, not markup.</summary>
internal sealed class AssessmentView(TextWriter writer, bool interactive)
{
    /// <summary>Enough rows to read in a terminal; the JSON output has them all.</summary>
    private const int MaxWarningRows = 50;

    public void Write(Assessment a)
    {
        var console = Consoles.For(writer, interactive);

        var org = a.Organization.Name is { } name ? $"{name} ({a.Organization.Id})" : a.Organization.Id;
        console.Write(new Rule($"[bold]ComplianceRisk assessment — {Esc(org)}[/]").LeftJustified());
        console.MarkupLine($"As of [bold]{a.AsOf:yyyy-MM-dd}[/] · {Esc(string.Join(", ", a.Organization.OrgTypes))} · {Esc(string.Join(", ", a.Organization.Jurisdictions))}");
        console.MarkupLine($"Catalog {Esc(a.Catalog.Id)} {Esc(a.Catalog.Version)} · roster {a.Roster.Rows} rows, {a.Roster.People} people · engine {Esc(a.EngineVersion)} · assessment {a.AssessmentId}");
        if (!a.Options.Without.IsEmpty) console.MarkupLine($"[yellow]What-if: assessed without {Esc(string.Join(", ", a.Options.Without))}[/]");
        console.WriteLine();

        var summary = a.Summary;
        console.MarkupLine($"[bold]Readiness {Readiness(summary.ReadinessIndex)}[/] · risks: [red]Critical {summary.RatingCounts.Critical}[/] · [darkorange]High {summary.RatingCounts.High}[/] · [yellow]Moderate {summary.RatingCounts.Moderate}[/] · [green]Low {summary.RatingCounts.Low}[/]");
        console.MarkupLine("[dim]" + Esc(string.Join(" · ", summary.Regimes.Where(r => r.ReadinessIndex is not null).Select(r => $"{r.Name} {Readiness(r.ReadinessIndex)}"))) + "[/]");
        if (!summary.OutsideIndex.IsEmpty)
            console.MarkupLine($"[dim]Beside the index (proposed, voluntary or not yet in force): {summary.OutsideIndex.Length} obligations, {summary.OutsideIndex.Count(o => o.Status != CoverageStatus.Covered)} of them not covered[/]");
        var statusCounts = a.Obligations.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());
        var fragileRoles = a.Roles.Count(r => r.Flags.Any(f => IsStructural(f.Code)));
        console.MarkupLine($"[bold]{fragileRoles}[/] of {a.Roles.Length} roles in scope are fragile · obligations: " +
            string.Join(" · ", Enum.GetValues<CoverageStatus>().Select(s => $"{Status(s)} {statusCounts.GetValueOrDefault(s)}")) +
            $" · {WarningCount(a)}");
        console.WriteLine();

        var roles = new Table().Title("[bold]Roles[/]").Border(TableBorder.Rounded).Expand()
            .AddColumn("Role").AddColumn(new TableColumn("Tier").Centered()).AddColumn("Holders")
            .AddColumn(new TableColumn("Qualified").Centered()).AddColumn("Flags");
        foreach (var role in a.Roles)
        {
            var holders = role.Holders.IsEmpty ? "—" : string.Join(", ", role.Holders.Select(h =>
                $"{h.PersonId}{(h.Assignment == Engine.Rosters.Assignment.Primary ? "" : " (" + h.Assignment.ToString().ToLowerInvariant() + ")")}{(h.Qualified ? "" : " ✗")}"));
            roles.AddRow(
                new Markup($"{Esc(role.Title)}\n[dim]{Esc(role.RoleId)}[/]"),
                new Text(role.Tier.ToString(CultureInfo.InvariantCulture)),
                new Text(holders),
                new Markup(role.QualifiedCount < role.RequiredQualified ? $"[red]{role.QualifiedCount}/{role.RequiredQualified}[/]" : $"{role.QualifiedCount}/{role.RequiredQualified}"),
                FlagCell(role));
        }
        console.Write(roles);
        console.WriteLine();

        var obligations = new Table().Title("[bold]Obligations[/]").Border(TableBorder.Rounded).Expand()
            .AddColumn("Obligation").AddColumn("Status").AddColumn(new TableColumn("Qualified").Centered())
            .AddColumn("Key people").AddColumn(new TableColumn("P(uncovered 12m)").RightAligned());
        foreach (var o in a.Obligations)
        {
            var status = Status(o.Status) + (o.StatusWhenInForce is { } w ? $" [dim](would be {Status(w)})[/]" : "");
            if (o.Lifecycle != Engine.Catalogs.ObligationLifecycle.Final) status += $" [dim]{o.Lifecycle.ToString().ToLowerInvariant()}[/]";
            var notes = o.Findings.Select(f => $"\n[yellow]{Esc(f)}[/]");
            obligations.AddRow(
                new Markup($"{Esc(o.Title)}\n[dim]{Esc(o.Citation)}[/]"),
                new Markup(status + string.Concat(notes)),
                new Text($"{o.QualifiedCount}/{o.MinQualified}"),
                new Text(o.KeyPeople.IsEmpty ? "—" : string.Join(", ", o.KeyPeople)),
                new Text(Chance.Fraction(o.ProbabilityUncovered12m)));
        }
        console.Write(obligations);

        if (a.Risks.Length > 0)
        {
            console.WriteLine();
            var risks = new Table().Title($"[bold]Risk register ({a.Risks.Length} risks, highest first)[/]").Border(TableBorder.Rounded).Expand()
                .AddColumn("Risk").AddColumn(new TableColumn("L×I").Centered()).AddColumn("Rating").AddColumn("Residual")
                .AddColumn("First action").AddColumn("Owner · due · status");
            foreach (var r in a.Risks)
                risks.AddRow(
                    new Markup($"{Esc(r.Title)}\n[dim]{Esc(r.RiskId)}[/]"),
                    new Text($"{r.Likelihood}×{r.Impact}={r.Score}"),
                    new Markup(Rating(r.Rating)),
                    new Markup($"{r.Residual.Score} {Rating(r.Residual.Rating)}"),
                    new Text(r.Actions.IsEmpty ? "" : r.Actions[0].Description + (r.Actions.Length > 1 ? $" (+{r.Actions.Length - 1} more)" : "")),
                    new Text($"{r.Owner}\n{r.DueDate:yyyy-MM-dd} · {Engine.Risks.DisplayName.Of(r.Status)}"));
            console.Write(risks);
        }

        console.WriteLine();
        foreach (var paragraph in ScopeStatement.For(a)) console.MarkupLine("[dim]" + Esc(paragraph) + "[/]");

        if (a.Warnings.Length > 0)
        {
            console.WriteLine();
            var warnings = new Table().Title($"[bold]Data quality ({WarningCount(a)})[/]").Border(TableBorder.Rounded).Expand()
                .AddColumn(new TableColumn("Row").RightAligned()).AddColumn("Column").AddColumn("Code").AddColumn("Problem").AddColumn("What to do");
            foreach (var w in a.Warnings.Take(MaxWarningRows))
                warnings.AddRow(new Text(w.Row?.ToString(CultureInfo.InvariantCulture) ?? ""), new Text(w.Column ?? ""), new Text(w.Code), new Text(w.Message), new Text(w.Hint));
            console.Write(warnings);
            if (a.Warnings.Length > MaxWarningRows)
                console.MarkupLine($"[dim]… {a.Warnings.Length - MaxWarningRows} more rows; --format json lists every row.[/]");
        }
    }

    /// <summary>
    /// The warnings listed, and whether more were found than an import keeps in detail (its TOO_MANY_WARNINGS rows say
    /// how many of each code): those rows are summaries, not warnings of their own.
    /// </summary>
    private static string WarningCount(Assessment a)
    {
        var listed = a.Warnings.Count(w => w.Code != Engine.Rosters.RosterWarning.TooMany);
        return $"{listed} data-quality warning{(listed == 1 ? "" : "s")}{(listed < a.Warnings.Length ? " and more not listed (see TOO_MANY_WARNINGS)" : "")}";
    }

    /// <summary>Flags about the role's coverage itself, as opposed to one holder's hygiene (training, currency).</summary>
    private static bool IsStructural(FlagCode code) => code is FlagCode.Vacant or FlagCode.NoQualifiedHolder or FlagCode.SinglePointOfFailure
        or FlagCode.BelowRequiredHeadcount or FlagCode.ExternalDependency or FlagCode.JuniorOnlyCoverage;

    private static IRenderable FlagCell(RoleResult role)
    {
        if (role.Flags.IsEmpty) return new Markup("[green]none[/]");
        var lines = role.Flags.GroupBy(f => f.Code).Select(g =>
        {
            var people = g.Select(f => f.PersonId).OfType<string>().ToList();
            var code = Code(g.Key);
            var color = IsStructural(g.Key) ? "red" : "yellow";
            return $"[{color}]{code}[/]" + (people.Count > 0 ? $" {Esc(string.Join(", ", people))}" : "");
        });
        return new Markup(string.Join("\n", lines));
    }

    private static string Code(FlagCode code) => code.Name();

    private static string Status(CoverageStatus status) => status switch
    {
        CoverageStatus.Uncovered => "[red]UNCOVERED[/]",
        CoverageStatus.Fragile => "[yellow]FRAGILE[/]",
        CoverageStatus.Covered => "[green]COVERED[/]",
        _ => "[blue]UPCOMING[/]",
    };

    private static string Esc(string text) => Markup.Escape(text);

    private static string Readiness(double? index) => index is { } i ? i.ToString("0.0", CultureInfo.InvariantCulture) : "n/a (no final obligation in force applies)";

    private static string Rating(Engine.Catalogs.RiskRating rating) => rating switch
    {
        Engine.Catalogs.RiskRating.Critical => "[red]Critical[/]",
        Engine.Catalogs.RiskRating.High => "[darkorange]High[/]",
        Engine.Catalogs.RiskRating.Moderate => "[yellow]Moderate[/]",
        _ => "[green]Low[/]",
    };
}
