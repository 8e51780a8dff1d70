using System.Collections.Immutable;
using System.Globalization;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Risks;

/// <summary>
/// An organization's decision about one risk (DESIGN §5 "Treatments"), kept by risk id. For an acceptance,
/// the approver and the date it lapses; an expired acceptance reopens the risk.
/// </summary>
public sealed record Treatment
{
    public string? Owner { get; init; }
    public RiskStatus? Status { get; init; }
    public ResponseType? ResponseType { get; init; }
    public string? Note { get; init; }
    public string? Approver { get; init; }
    public DateOnly? AcceptedUntil { get; init; }
    public DateOnly? DueDate { get; init; }

    /// <summary>
    /// What the response costs, in US dollars, as the organization estimates it (NIST IR 8286's risk response cost):
    /// the engine has no way to know it, so it comes only from here.
    /// </summary>
    public decimal? ResponseCost { get; init; }
}

/// <summary>Treatment records by risk id, read from <c>{"ROLE:dba": {"status": "In progress", …}}</c> (schemas/treatments.schema.json).</summary>
public sealed record TreatmentBook(ImmutableSortedDictionary<string, Treatment> Treatments)
{
    public const int MaxBytes = 4 * 1024 * 1024;

    public static TreatmentBook Empty { get; } = new(ImmutableSortedDictionary<string, Treatment>.Empty);

    internal sealed record Document
    {
        public string? Owner { get; init; }
        public string? Status { get; init; }
        public string? ResponseType { get; init; }
        public string? Note { get; init; }
        public string? Approver { get; init; }
        public DateOnly? AcceptedUntil { get; init; }
        public DateOnly? DueDate { get; init; }
        public decimal? ResponseCost { get; init; }
    }

    public static ParseResult<TreatmentBook> Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes) return ParseResult<TreatmentBook>.Fail("", $"the treatments file is {utf8Json.Length:N0} bytes; the limit is {MaxBytes:N0}");
        return JsonInput.Read(utf8Json, EngineJsonContext.Default.DictionaryStringDocument, Check);
    }

    private static ParseResult<TreatmentBook> Check(Dictionary<string, Document> documents)
    {
        var errors = new List<InputError>();
        var treatments = ImmutableSortedDictionary.CreateBuilder<string, Treatment>(StringComparer.Ordinal);
        foreach (var (id, d) in documents)
        {
            if (!(id.StartsWith("ROLE:", StringComparison.Ordinal) || id.StartsWith("OBL:", StringComparison.Ordinal)))
                errors.Add(new InputError(id, "a risk id starts with ROLE: or OBL:"));
            var status = ParseWord<RiskStatus>(d.Status, $"{id}.status", errors);
            var response = ParseWord<ResponseType>(d.ResponseType, $"{id}.responseType", errors);
            if (status == RiskStatus.Accepted && (d.Approver is null || d.AcceptedUntil is null))
                errors.Add(new InputError($"{id}.status", "an acceptance needs an approver and an acceptedUntil date"));
            if (d.ResponseCost < 0)
                errors.Add(new InputError($"{id}.responseCost", $"{d.ResponseCost.Value.ToString(CultureInfo.InvariantCulture)} is below zero; a cost is zero or more US dollars"));
            treatments[id] = new Treatment
            {
                Owner = Blank(d.Owner), Status = status, ResponseType = response, Note = Blank(d.Note), Approver = Blank(d.Approver),
                AcceptedUntil = d.AcceptedUntil, DueDate = d.DueDate, ResponseCost = d.ResponseCost,
            };
        }
        return errors.Count > 0 ? ParseResult<TreatmentBook>.Fail(errors) : ParseResult<TreatmentBook>.Ok(new TreatmentBook(treatments.ToImmutable()));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Statuses are written as registers show them ("In progress"); any spacing or case is accepted.</summary>
    private static T? ParseWord<T>(string? text, string path, List<InputError> errors) where T : struct, Enum
    {
        if (text is null) return null;
        foreach (var value in Enum.GetValues<T>())
            if (NameKey.Of(value.ToString()) == NameKey.Of(text)) return value;
        errors.Add(new InputError(path, $"'{text}' is not one of: {string.Join(", ", Enum.GetValues<T>().Select(v => DisplayName.Of(v)))}"));
        return null;
    }

    /// <summary>Merges the records into the risks; an acceptance past its date reopens the risk, saying so.</summary>
    public ImmutableArray<Risk> ApplyTo(ImmutableArray<Risk> risks, DateOnly asOf) => [.. risks.Select(risk =>
    {
        if (!Treatments.TryGetValue(risk.RiskId, out var t)) return risk;
        var status = t.Status ?? risk.Status;
        var reopened = status == RiskStatus.Accepted && t.AcceptedUntil is { } until && until < asOf;
        var note = t.Note;
        if (reopened)
        {
            status = RiskStatus.Open;
            note = $"Acceptance by {t.Approver} lapsed on {t.AcceptedUntil!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; reopened." + (note is null ? "" : " " + note);
        }
        var due = t.DueDate ?? risk.DueDate;
        return risk with
        {
            Owner = t.Owner ?? risk.Owner,
            // No action may fall due after its risk.
            Actions = [.. risk.Actions.Select(a => a.DueDate > due ? a with { DueDate = due } : a)],
            Status = status,
            // A lapsed acceptance is no longer a decision to accept: the risk is to be mitigated again.
            ResponseType = reopened ? ResponseType.Mitigate : t.ResponseType ?? ResponseOf(t.Status) ?? risk.ResponseType,
            DueDate = due,
            Treatment = new AppliedTreatment(note, t.Approver, t.AcceptedUntil, reopened, t.ResponseCost),
        };
    })];

    /// <summary>
    /// The response a status is itself a decision on: a risk accepted is accepted (NIST IR 8286's Accept), one transferred is
    /// transferred. A record that says only "Accepted" would otherwise keep the default Mitigate, and read as a risk both
    /// accepted and being mitigated.
    /// </summary>
    private static ResponseType? ResponseOf(RiskStatus? status) => status switch
    {
        RiskStatus.Accepted => ResponseType.Accept,
        RiskStatus.Transferred => ResponseType.Transfer,
        _ => null,
    };

    /// <summary>Treatment records for risks the assessment does not have (closed, or a typo), to tell the user.</summary>
    public IEnumerable<string> Unmatched(IEnumerable<Risk> risks) => Treatments.Keys.Except(risks.Select(r => r.RiskId), StringComparer.Ordinal);

    /// <summary>The code of the warning an assessment gives for a treatment record that matches none of its risks.</summary>
    public const string UnmatchedCode = "TREATMENT_UNMATCHED";

    /// <summary>
    /// A warning per record that matches no risk, carried in the assessment's warnings: that is where the app's page, its
    /// history and the register's Data Quality sheet tell the user about their inputs, and a decision silently dropped
    /// (a typo in the id) would otherwise be found only in a log nobody reads.
    /// </summary>
    public IEnumerable<RosterWarning> UnmatchedWarnings(IEnumerable<Risk> risks) => Unmatched(risks).Select(id => new RosterWarning(
        null, null, null, id, UnmatchedCode,
        $"The treatment record for {id} matches no risk in this assessment, so it was not applied",
        "Correct the risk id if it is misspelt (the register lists this assessment's risk ids), or remove the record if the risk has closed."));
}

/// <summary>"InProgress" → "In progress": how statuses, ratings and response types read in registers and JSON.</summary>
public static class DisplayName
{
    public static string Of<T>(T value) where T : struct, Enum => Of(value.ToString());

    public static string Of(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i])) builder.Append(' ').Append(char.ToLowerInvariant(pascal[i]));
            else builder.Append(pascal[i]);
        }
        return builder.ToString();
    }
}
