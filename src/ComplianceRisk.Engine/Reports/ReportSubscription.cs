using System.Collections.Immutable;

namespace ComplianceRisk.Engine.Reports;

/// <summary>
/// Who receives an organization's scheduled report and when (<c>subscriptions/{org}.json</c>, schema
/// <c>schemas/subscription.schema.json</c>). A paused subscription is kept but never due.
/// Build one with <see cref="SubscriptionReader"/>.
/// </summary>
public sealed record ReportSubscription
{
    public const int MaxRecipients = 20;

    public required ReportSchedule Schedule { get; init; }
    /// <summary>Plain <c>a@b</c> addresses, 1 to <see cref="MaxRecipients"/>, no two alike (ignoring letter case).</summary>
    public required ImmutableArray<string> Recipients { get; init; }
    public bool Paused { get; init; }

    /// <summary>
    /// A plain mail address such as <c>cio@example.org</c>, as System.Net.Mail reads one, with no display name and nothing
    /// around it: the form of the recipients, and of the sender the app mails reports from.
    /// </summary>
    public static bool IsPlainAddress([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? address) =>
        address is not null && System.Net.Mail.MailAddress.TryCreate(address, out var parsed) && parsed.Address == address && parsed.DisplayName.Length == 0;
}
