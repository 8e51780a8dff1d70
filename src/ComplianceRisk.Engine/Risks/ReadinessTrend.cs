using System.Collections.Immutable;

namespace ComplianceRisk.Engine.Risks;

/// <summary>
/// One assessment's place in an organization's readiness trend: when it was as of, when its roster was submitted
/// (absent for a point that was not a submission, such as a report's own reassessment), and its readiness index.
/// </summary>
public sealed record ReadinessPoint(DateOnly AsOf, double? ReadinessIndex, DateTimeOffset? SubmittedAt = null, string? AssessmentId = null);

/// <summary>Readiness over successive assessments of one organization, oldest first.</summary>
public static class ReadinessTrend
{
    /// <summary>
    /// Each point's change from the point before it, rounded to one decimal like <see cref="AssessmentDiff.ReadinessChange"/>;
    /// null for the first point and wherever either index is unknown (no obligation in the index).
    /// </summary>
    public static ImmutableArray<double?> Changes(IReadOnlyList<ReadinessPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var changes = ImmutableArray.CreateBuilder<double?>(points.Count);
        for (var i = 0; i < points.Count; i++)
            changes.Add(i > 0 && points[i - 1].ReadinessIndex is { } before && points[i].ReadinessIndex is { } after ? Math.Round(after - before, 1) : null);
        return changes.MoveToImmutable();
    }
}
