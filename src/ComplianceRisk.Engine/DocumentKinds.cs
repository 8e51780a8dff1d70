using System.Text.Json;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Reports;
using ComplianceRisk.Engine.Risks;

namespace ComplianceRisk.Engine;

/// <summary>
/// The JSON documents ComplianceRisk reads and writes, told apart by the names of their top-level properties, so that one
/// given in another's place (a catalog as the profile, an assessment as the treatments or the roster) is refused as what
/// it is, in one line, instead of by every property the expected document does not have.
/// </summary>
public static class DocumentKinds
{
    private sealed record Kind(string Name, Type? ReadAs, Func<IReadOnlySet<string>, bool> Has);

    // Each told by properties that are required in its schema and in no other document's.
    private static readonly Kind[] Known =
    [
        new("an assessment", typeof(Assessment), p => p.Contains("assessmentId") && p.Contains("schemaVersion")),
        new("a catalog", typeof(Catalog), p => p.Contains("competencies") && p.Contains("obligations")),
        new("an organization profile", typeof(ProfileReader.ProfileDocument), p => p.Contains("orgTypes") && p.Contains("jurisdictions")),
        new("a report subscription", typeof(SubscriptionReader.SubscriptionDocument), p => p.Contains("cadence") && p.Contains("recipients")),
        new("a NIST IR 8286 risk register", null, p => p.Contains("risks") && p.Contains("engineVersion") && !p.Contains("schemaVersion")),
        new("treatment records", typeof(Dictionary<string, TreatmentBook.Document>),
            p => p.Count > 0 && p.All(id => id.StartsWith("ROLE:", StringComparison.Ordinal) || id.StartsWith("OBL:", StringComparison.Ordinal))),
    ];

    /// <summary>
    /// What the document is, as a person names it ("a catalog"), when it is one of ComplianceRisk's own; null for anything
    /// else. <paramref name="utf8Json"/> may be the document's first bytes only: the properties read before it ends count.
    /// </summary>
    public static string? Of(ReadOnlySpan<byte> utf8Json) => Recognize(utf8Json)?.Name;

    /// <summary>
    /// The error for a document of another kind read as <typeparamref name="TDocument"/> ("this is a catalog, not an
    /// organization profile"); null when it is not recognizably another of ComplianceRisk's documents.
    /// </summary>
    public static InputError? GivenInPlaceOf<TDocument>(ReadOnlySpan<byte> utf8Json)
    {
        var expected = Known.FirstOrDefault(k => k.ReadAs == typeof(TDocument));
        return expected is not null && Recognize(utf8Json) is { } kind && kind != expected
            ? new InputError("", $"this is {kind.Name}, not {expected.Name}")
            : null;
    }

    private static Kind? Recognize(ReadOnlySpan<byte> utf8Json)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(JsonInput.WithoutByteOrderMark(utf8Json), isFinalBlock: false, default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                names.Add(reader.GetString()!);
                if (!reader.Read() || !reader.TrySkip()) break;
            }
        }
        catch (JsonException)
        {
            // Not JSON past some point: the properties before it still tell what it was meant to be.
        }
        return Known.FirstOrDefault(k => k.Has(names));
    }
}
