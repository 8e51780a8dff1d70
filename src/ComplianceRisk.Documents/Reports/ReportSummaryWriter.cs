using System.Globalization;
using System.Net;
using System.Text;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Risks;

namespace ComplianceRisk.Documents.Reports;

/// <summary>
/// Writes a <see cref="ReportSummary"/> as the short HTML page a report carries (and the mail's HTML body) and as the
/// mail's plain-text alternative. The HTML is self-contained (inline CSS, no script, no external resource) so it reads
/// the same in a mail client, a browser or an archive; every text that comes from the roster, profile or catalog is
/// HTML-encoded, so a name such as <c>&lt;script&gt;</c> is shown, never run. Nothing here reads a clock: the same summary
/// gives the same bytes.
/// </summary>
public static class ReportSummaryWriter
{
    private const string Style =
        "body{font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#1f2328;max-width:760px;margin:24px auto;padding:0 16px;line-height:1.45}" +
        "h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}" +
        ".meta{color:#57606a;margin:0 0 16px}.big{font-size:32px;font-weight:600}.change{font-size:16px;margin-left:8px}" +
        "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #d0d7de;vertical-align:top}" +
        ".Critical{background:#c00000;color:#fff}.High{background:#ed7d31;color:#fff}.Moderate{background:#ffd966}.Low{background:#a9d08e}" +
        ".rating{padding:1px 6px;border-radius:3px;white-space:nowrap}.small{font-size:12px;color:#57606a}" +
        ".warn{background:#fff8c5;border:1px solid #d4a72c;border-radius:4px;padding:8px 12px}";

    public static string HtmlText(ReportSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(summary.Headline)).Append("</title><style>").Append(Style).Append("</style></head><body>\n");
        h.Append("<h1>").Append(E(summary.OrganizationName)).Append(" — compliance staffing report</h1>\n");
        h.Append("<p class=\"meta\">Period ").Append(E(summary.Period)).Append(" · as of ").Append(E(Date(summary.AsOf)))
            .Append(" · assessment ").Append(E(summary.AssessmentId)).Append("</p>\n");
        if (OlderRoster(summary) is { } older)
            h.Append("<p class=\"warn\"><strong>").Append(E(older.Headline)).Append("</strong> ").Append(E(older.Detail)).Append("</p>\n");

        h.Append("<h2>Readiness</h2>\n<p><span class=\"big\">").Append(E(summary.ReadinessText)).Append("</span>")
            .Append("<span class=\"change\">").Append(E(ChangeSentence(summary))).Append("</span></p>\n");
        var c = summary.RatingCounts;
        h.Append("<p>Risks: ");
        Rating(h, RiskRating.Critical, c.Critical).Append(' ');
        Rating(h, RiskRating.High, c.High).Append(' ');
        Rating(h, RiskRating.Moderate, c.Moderate).Append(' ');
        Rating(h, RiskRating.Low, c.Low).Append("</p>\n");

        var notCompared = NotCompared(summary);
        Changes(h, "New risks", summary.NewRisks, notCompared ?? "No new risks since the previous report.");
        Changes(h, "Escalated risks", summary.EscalatedRisks, notCompared is null ? "No risk escalated since the previous report." : null);

        h.Append("<h2>Top actions</h2>\n");
        if (summary.TopActions.IsEmpty) h.Append("<p>No action is needed: no risk has one.</p>\n");
        else
        {
            h.Append("<ol>\n");
            foreach (var a in summary.TopActions)
            {
                h.Append("<li><p><strong>").Append(E(a.Action)).Append("</strong> (due ").Append(E(Date(a.DueDate))).Append(")<br><span class=\"small\">");
                Rating(h, a.Rating, null).Append(' ').Append(E(a.RiskTitle)).Append(" · ").Append(E(a.RiskId));
                if (!a.AlsoFor.IsEmpty) h.Append(" · also for ").Append(E(string.Join(", ", a.AlsoFor)));
                h.Append("</span></p>");
                if (!a.People.IsEmpty)
                {
                    h.Append("<ul>");
                    foreach (var person in a.People) h.Append("<li>").Append(E(person)).Append("</li>");
                    h.Append("</ul>");
                }
                h.Append("</li>\n");
            }
            h.Append("</ol>\n");
        }

        h.Append("<h2>Scope and disclaimer</h2>\n");
        foreach (var paragraph in summary.Scope) h.Append("<p class=\"small\">").Append(E(paragraph)).Append("</p>\n");
        h.Append("<p class=\"small\">").Append(E(Attachment(summary))).Append("</p>\n");
        h.Append("</body></html>\n");
        return h.ToString();
    }

    /// <summary>The mail's plain-text alternative: the same facts, for clients that do not show HTML.</summary>
    public static string PlainText(ReportSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var t = new StringBuilder();
        t.Append(summary.OrganizationName).Append(" — compliance staffing report\n");
        t.Append("Period ").Append(summary.Period).Append(" · as of ").Append(Date(summary.AsOf)).Append(" · assessment ").Append(summary.AssessmentId).Append("\n\n");
        if (OlderRoster(summary) is { } older) t.Append(older.Headline).Append(' ').Append(older.Detail).Append("\n\n");
        t.Append("Readiness ").Append(summary.ReadinessText).Append(' ').Append(ChangeSentence(summary)).Append('\n');
        var c = summary.RatingCounts;
        t.Append(CultureInfo.InvariantCulture, $"Risks: Critical {c.Critical} · High {c.High} · Moderate {c.Moderate} · Low {c.Low}\n");
        void List(string title, IReadOnlyCollection<RiskChange> changes)
        {
            if (changes.Count == 0) return;
            t.Append('\n').Append(title).Append(":\n");
            foreach (var change in changes) t.Append("- ").Append(ChangeLine(change)).Append('\n');
        }
        if (NotCompared(summary) is { } notCompared) t.Append('\n').Append(notCompared).Append('\n');
        List("New risks", summary.NewRisks);
        List("Escalated risks", summary.EscalatedRisks);
        if (!summary.TopActions.IsEmpty)
        {
            t.Append("\nTop actions:\n");
            var n = 0;
            foreach (var a in summary.TopActions)
            {
                t.Append(CultureInfo.InvariantCulture, $"{++n}. {a.Action} (due {Date(a.DueDate)}) — {a.Rating}: {a.RiskTitle} [{a.RiskId}]");
                if (!a.AlsoFor.IsEmpty) t.Append(" also for ").Append(string.Join(", ", a.AlsoFor));
                t.Append('\n');
                foreach (var person in a.People) t.Append("   - ").Append(person).Append('\n');
            }
        }
        t.Append('\n');
        foreach (var paragraph in summary.Scope) t.Append(paragraph).Append("\n\n");
        t.Append(Attachment(summary)).Append('\n');
        return t.ToString();
    }

    private static string ChangeSentence(ReportSummary s) =>
        s.IsFirst ? "(first report)"
        : s.PreviousUnreadable is not null ? $"({s.ChangeText})"
        : s.ReadinessChange is null ? $"(no comparable index in the report as of {Date(s.PreviousAsOf!.Value)})"
        : $"({s.ChangeText} since the report as of {Date(s.PreviousAsOf!.Value)}, when it was {s.PreviousReadiness!.Value.ToString("0.0", CultureInfo.InvariantCulture)})";

    /// <summary>
    /// What the readers must know first when the organization's latest submissions were rejected: the report is of the
    /// roster before them, not of what was last sent. Null when the report is of the latest submission.
    /// </summary>
    private static (string Headline, string Detail)? OlderRoster(ReportSummary s)
    {
        if (s.RejectedSince is not { } r) return null;
        var which = r.Count == 1
            ? $"The roster submitted on {Moment(r.LatestSubmittedAt)} was rejected"
            : $"The {r.Count.ToString(CultureInfo.InvariantCulture)} rosters submitted since were rejected, the latest on {Moment(r.LatestSubmittedAt)}";
        return ($"This report is of the roster submitted on {Moment(r.RosterSubmittedAt)}, not of a later one.",
            $"{which} ({r.LatestCode}): {Sentence(r.LatestReason)}{(string.IsNullOrWhiteSpace(r.LatestHint) ? "" : " " + Sentence(r.LatestHint))} The next report assesses the latest roster accepted.");
    }

    private static string Sentence(string text) => text.TrimEnd().TrimEnd('.') + ".";

    private static string Moment(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Why the report lists no changes at all, or null when it was compared with the previous report.</summary>
    private static string? NotCompared(ReportSummary s) =>
        s.IsFirst ? "This is the first report: there is no earlier one to compare with."
        : s.PreviousUnreadable is { } why ? $"The previous report could not be compared with, so new and escalated risks are not listed: {why}. The next report compares with this one."
        : null;

    /// <summary>What the workbook holds: it has a Changes sheet only when the report was compared with the previous one.</summary>
    private static string Attachment(ReportSummary s) => NotCompared(s) is null
        ? "The attached workbook holds the full register, the changes since the previous report and the readiness trend."
        : "The attached workbook holds the full register and the readiness trend.";

    private static void Changes(StringBuilder h, string title, IReadOnlyCollection<RiskChange> changes, string? none)
    {
        if (changes.Count == 0 && none is null) return;
        h.Append("<h2>").Append(E(title)).Append("</h2>\n");
        if (changes.Count == 0)
        {
            h.Append("<p>").Append(E(none!)).Append("</p>\n");
            return;
        }
        h.Append("<table><tr><th>Risk</th><th>ID</th><th>Before</th><th>Now</th></tr>\n");
        foreach (var change in changes)
        {
            h.Append("<tr><td>").Append(E(change.Title)).Append("</td><td>").Append(E(change.RiskId)).Append("</td><td>");
            if (change.RatingBefore is { } before) Rating(h, before, change.ScoreBefore);
            else h.Append('—');
            h.Append("</td><td>");
            if (change.RatingAfter is { } after) Rating(h, after, change.ScoreAfter);
            h.Append("</td></tr>\n");
        }
        h.Append("</table>\n");
    }

    private static string ChangeLine(RiskChange c) =>
        $"{c.Title} [{c.RiskId}]: {(c.RatingBefore is { } b ? $"{b} {c.ScoreBefore} → " : "")}{c.RatingAfter} {c.ScoreAfter}";

    private static StringBuilder Rating(StringBuilder h, RiskRating rating, int? number) =>
        h.Append("<span class=\"rating ").Append(rating).Append("\">").Append(rating)
            .Append(number is { } n ? " " + n.ToString(CultureInfo.InvariantCulture) : "").Append("</span>");

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
