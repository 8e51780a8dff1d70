using System.Collections.Immutable;

namespace ComplianceRisk.Engine.Assessments;

internal static class Evidence
{
    /// <summary>Sorted keys keep the JSON of the same inputs byte-identical.</summary>
    public static ImmutableSortedDictionary<string, object> Of(params (string Key, object? Value)[] items) =>
        items.Where(i => i.Value is not null)
            .ToImmutableSortedDictionary(i => i.Key, i => i.Value!, StringComparer.Ordinal);
}
