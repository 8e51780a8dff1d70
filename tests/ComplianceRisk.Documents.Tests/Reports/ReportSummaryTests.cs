using System.Text;
using System.Text.RegularExpressions;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Reports;
using ComplianceRisk.Engine.Assessments;
using static ComplianceRisk.Documents.Tests.Registers.RegisterFixtures;

namespace ComplianceRisk.Documents.Tests.Reports;

/// <summary>The report's HTML summary and the mail's plain text (issue 8), from real assessments of the realistic roster.</summary>
public sealed partial class ReportSummaryTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Formula = "=HYPERLINK(\"http://x\")";

    private static string RosterCsv => File.ReadAllText(RealisticRosterPath);

    /// <summary>The realistic roster without one person's rows: the roles they held lose a holder.</summary>
    private static Assessment Without(string personId) =>
        Assess(Encoding.UTF8.GetBytes(string.Join("\n", RosterCsv.Split('\n').Where(l => !l.StartsWith(personId + ",", StringComparison.Ordinal))))).Assessment;

    [Fact]
    public void FirstReport_HasReadiness_Counts_TopFiveActionsWithPeople_AndTheScopeStatement()
    {
        var summary = ReportSummary.Of(Realistic, null, "2026-W48");
        var html = ReportSummaryWriter.HtmlText(summary);
        var readiness = Realistic.Summary.ReadinessIndex!.Value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal($"ComplianceRisk report pecan-creek 2026-W48: readiness {readiness} (first report)", summary.Headline);
        Assert.Contains($"<span class=\"big\">{readiness}</span>", html, StringComparison.Ordinal);
        Assert.Contains("first report", html, StringComparison.Ordinal);
        Assert.Contains(OrganizationName, html, StringComparison.Ordinal);
        var counts = Realistic.Summary.RatingCounts;
        Assert.Contains($"Critical {counts.Critical}</span>", html, StringComparison.Ordinal);
        Assert.Contains($"High {counts.High}</span>", html, StringComparison.Ordinal);
        Assert.Empty(summary.NewRisks);

        // The top five: the first actions of the highest-priority risks that have one, in the register's order, each action once.
        var expected = Realistic.Risks.Where(r => r.Actions.Length > 0).DistinctBy(r => r.Actions[0].Description).Take(5).ToList();
        Assert.Equal(5, summary.TopActions.Length);
        Assert.Equal(expected.Select(r => r.RiskId), summary.TopActions.Select(a => a.RiskId));
        var actions = ListItems().Matches(html[html.IndexOf("<h2>Top actions</h2>", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(5, actions.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(expected[i].Actions[0].Description), actions[i], StringComparison.Ordinal);
            foreach (var person in expected[i].Actions[0].People)
                Assert.Contains(System.Net.WebUtility.HtmlEncode($"{person.Name} ({person.PersonId})"), actions[i], StringComparison.Ordinal);
        }
        Assert.Contains(summary.TopActions, a => !a.People.IsEmpty);

        Assert.Contains("does not replace, legal and compliance advice", html, StringComparison.Ordinal);
        Assert.Equal(3, summary.Scope.Length);
    }

    [Fact]
    public void TopActions_LeaveOut_RisksTheOrganizationMitigatedAcceptedOrTransferred()
    {
        // Treatments as ApplyTo merges them: the three highest risks with actions decided on, the fourth in progress.
        var withActions = Realistic.Risks.Where(r => r.Actions.Length > 0).Select(r => r.RiskId).ToList();
        Engine.Risks.RiskStatus[] decided = [Engine.Risks.RiskStatus.Mitigated, Engine.Risks.RiskStatus.Accepted, Engine.Risks.RiskStatus.Transferred];
        var treated = Realistic with
        {
            Risks = [.. Realistic.Risks.Select(r => withActions.IndexOf(r.RiskId) is var i && i is >= 0 and < 3 ? r with { Status = decided[i] }
                : i == 3 ? r with { Status = Engine.Risks.RiskStatus.InProgress } : r)],
        };
        var summary = ReportSummary.Of(treated, null, "2026-W48");
        var open = Realistic.Risks.Where(r => r.Actions.Length > 0).Skip(3);
        Assert.Equal(open.DistinctBy(r => r.Actions[0].Description).Take(5).Select(r => r.RiskId), summary.TopActions.Select(a => a.RiskId));
        var html = ReportSummaryWriter.HtmlText(summary);
        foreach (var id in withActions.Take(3)) Assert.DoesNotContain($" · {id}</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TopActions_ListAnActionThatSeveralRisksShare_Once_UnderTheHighest_WithTheOthers()
    {
        // The realistic roster: one backup privacy officer is the first action of three of its five highest risks, which the
        // report listed three times, leaving room for two other actions of five.
        var withActions = Realistic.Risks.Where(r => r.Actions.Length > 0).ToList();
        var shared = withActions.Take(5).GroupBy(r => r.Actions[0].Description).Single(g => g.Count() > 1);
        var all = withActions.Where(r => r.Actions[0].Description == shared.Key).ToList();
        var summary = ReportSummary.Of(Realistic, null, "2026-W48");

        Assert.Equal(5, summary.TopActions.Select(a => a.Action).Distinct().Count());
        var listed = Assert.Single(summary.TopActions, a => a.Action == shared.Key);
        Assert.Equal(all[0].RiskId, listed.RiskId);
        Assert.Equal(all.Skip(1).Select(r => r.RiskId), listed.AlsoFor);
        Assert.Equal(all.Min(r => r.Actions[0].DueDate), listed.DueDate);
        var also = "also for " + string.Join(", ", listed.AlsoFor);
        Assert.Contains($" · {System.Net.WebUtility.HtmlEncode(also)}</span>", ReportSummaryWriter.HtmlText(summary), StringComparison.Ordinal);
        Assert.Contains($"[{listed.RiskId}] {also}\n", ReportSummaryWriter.PlainText(summary), StringComparison.Ordinal);
    }

    [Fact]
    public void LaterReport_ShowsTheReadinessChange_AndTheNewAndEscalatedRisks()
    {
        var previous = Realistic;
        var current = Without("E1006");
        var summary = ReportSummary.Of(current, previous, "2026-12");
        var diff = Engine.Risks.AssessmentDiff.Compare(previous, current);
        // E1006 holds roles nobody else can cover: leaving adds risks and escalates others.
        Assert.NotEmpty(diff.New);
        Assert.NotEmpty(diff.Escalated);
        Assert.NotNull(diff.ReadinessChange);

        var change = diff.ReadinessChange!.Value;
        var changeText = change == 0 ? "±0.0" : change.ToString("+0.0;-0.0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.EndsWith($"({changeText})", summary.Headline, StringComparison.Ordinal);
        var html = ReportSummaryWriter.HtmlText(summary);
        Assert.Contains($"{changeText} since the report as of 2026-11-22", html, StringComparison.Ordinal);
        foreach (var risk in diff.New.Concat(diff.Escalated))
            Assert.Contains($"<td>{System.Net.WebUtility.HtmlEncode(risk.RiskId)}</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("No risk escalated", html, StringComparison.Ordinal);

        var text = ReportSummaryWriter.PlainText(summary);
        Assert.Contains($"{changeText} since the report as of 2026-11-22", text, StringComparison.Ordinal);
        foreach (var risk in diff.New.Concat(diff.Escalated)) Assert.Contains($"[{risk.RiskId}]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void APreviousReportWhoseAssessmentCannotBeRead_IsNotAFirstReport_AndSaysWhy()
    {
        var stored = AssessmentJson.ToJson(Realistic);
        var otherVersion = PreviousReport.Read(Encoding.UTF8.GetBytes(stored.Replace("\"schemaVersion\": \"1.1\"", "\"schemaVersion\": \"0.9\"", StringComparison.Ordinal)));
        var damaged = PreviousReport.Read(Encoding.UTF8.GetBytes(stored[..100]));
        Assert.Null(otherVersion.Assessment);
        Assert.Contains(otherVersion.Errors, e => e.Path == "schemaVersion");
        Assert.Equal("it was made by an earlier version of ComplianceRisk, whose saved assessment this version cannot read (assessment format 0.9; this version reads 1.0 and 1.1)", otherVersion.Unreadable);
        Assert.Equal("the assessment saved with it is damaged", damaged.Unreadable);
        Assert.Same(PreviousReport.None, PreviousReport.Read(null));
        Assert.Null(PreviousReport.Read(Encoding.UTF8.GetBytes(stored)).Unreadable);

        var current = Without("E1006");
        var summary = ReportSummary.Of(current, otherVersion.Assessment, "2026-12", otherVersion.Unreadable);
        Assert.False(summary.IsFirst);
        Assert.EndsWith("(not compared with the previous report)", summary.Headline, StringComparison.Ordinal);
        var sentence = $"The previous report could not be compared with, so new and escalated risks are not listed: {otherVersion.Unreadable}. The next report compares with this one.";
        var html = ReportSummaryWriter.HtmlText(summary);
        var text = ReportSummaryWriter.PlainText(summary);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(sentence), html, StringComparison.Ordinal);
        Assert.Contains(sentence, text, StringComparison.Ordinal);
        Assert.DoesNotContain("No risk escalated", html, StringComparison.Ordinal);
        Assert.DoesNotContain("first report", html + text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, null, "The roster submitted on 2026-11-20 16:05 UTC was rejected (NO_ROLE_COLUMN): The header has no <Role> column.")]
    [InlineData(3, "Add a column holding each person's role", "The 3 rosters submitted since were rejected, the latest on 2026-11-20 16:05 UTC (NO_ROLE_COLUMN): The header has no <Role> column. Add a column holding each person's role.")]
    public void AReportOfAnOlderRosterThanTheLastSent_SaysSoFirst_InTheHtmlAndTheText(int count, string? hint, string which)
    {
        var rejected = new RejectedSince(new DateTimeOffset(2026, 11, 2, 14, 30, 0, TimeSpan.Zero), count,
            new DateTimeOffset(2026, 11, 20, 10, 5, 0, TimeSpan.FromHours(-6)), "NO_ROLE_COLUMN", "The header has no <Role> column.", hint);
        var summary = ReportSummary.Of(Realistic, null, "2026-W48") with { RejectedSince = rejected };
        var html = ReportSummaryWriter.HtmlText(summary);
        var text = ReportSummaryWriter.PlainText(summary);

        const string headline = "This report is of the roster submitted on 2026-11-02 14:30 UTC, not of a later one.";
        var detail = which + " The next report assesses the latest roster accepted.";
        // Before the readiness: read first, as everything below is of that roster.
        Assert.Contains($"<p class=\"warn\"><strong>{headline}</strong> {System.Net.WebUtility.HtmlEncode(detail)}</p>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf(headline, StringComparison.Ordinal) < html.IndexOf("<h2>Readiness</h2>", StringComparison.Ordinal));
        Assert.Contains($"{headline} {detail}\n", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(headline, StringComparison.Ordinal) < text.IndexOf("Readiness ", StringComparison.Ordinal));

        // A report of the latest submission says nothing of the kind.
        var plain = ReportSummary.Of(Realistic, null, "2026-W48");
        Assert.DoesNotContain("This report is of the roster", ReportSummaryWriter.HtmlText(plain) + ReportSummaryWriter.PlainText(plain), StringComparison.Ordinal);
    }

    [Fact]
    public void RosterText_IsEncoded_NeverMarkup()
    {
        // Give the people the top actions name hostile names, then check they are shown as text.
        var named = Realistic.Risks.Where(r => r.Actions.Length > 0).Take(5).SelectMany(r => r.Actions[0].People).Select(p => p.Name!).Distinct().Take(2).ToList();
        Assert.Equal(2, named.Count);
        var csv = RosterCsv.Replace($"\"{named[0]}\"", $"\"{Script}\"", StringComparison.Ordinal)
            .Replace($"\"{named[1]}\"", $"\"{Formula.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", StringComparison.Ordinal);
        var profile = Profile(name: "<b>Pecan</b> & Creek");
        var hostile = Assess(Encoding.UTF8.GetBytes(csv), profile).Assessment;

        var summary = ReportSummary.Of(hostile, null, "2026-11-22");
        var html = ReportSummaryWriter.HtmlText(summary);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("=HYPERLINK(&quot;http://x&quot;)", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Pecan&lt;/b&gt; &amp; Creek", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        // The plain text carries them as they are: it is never interpreted.
        Assert.Contains(Script, ReportSummaryWriter.PlainText(summary), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_IsSelfContained_AndTheSameSummaryGivesTheSameBytes()
    {
        var summary = ReportSummary.Of(Without("E1006"), Realistic, "2026-W49");
        var html = ReportSummaryWriter.HtmlText(summary);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        foreach (var outside in new[] { "<script", "<link", "<img", "<iframe", " src=", " href=", "url(", "@import" })
            Assert.DoesNotContain(outside, html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(html, ReportSummaryWriter.HtmlText(ReportSummary.Of(Without("E1006"), Realistic, "2026-W49")));
    }

    [GeneratedRegex(@"<li><p>(.*?)</li>\n", RegexOptions.Singleline)]
    private static partial Regex ListItems();
}
