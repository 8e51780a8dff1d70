using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;
using static ComplianceRisk.Documents.Tests.Registers.RegisterFixtures;

namespace ComplianceRisk.Documents.Tests.Registers;

/// <summary>
/// Many HR systems number their people (1, 2, … or 100234). A pseudonymized register must replace a person's id where
/// the engine wrote that person, and nowhere else: "1 holder(s)", "tier 1", "within 12 months", "2025-08-12",
/// "41.5%" stay as written whatever the ids are, and no id is left where a person stands.
/// </summary>
/// <remarks>
/// The sample hospital's roster, its people renumbered, against its twin: the same roster with each id written
/// "Q" + id, which the engine orders the same way but which no number can be confused with. The twin's register,
/// not pseudonymized, with each of its people (name and id, name, id) replaced by the person's pseudonym (an HMAC of
/// the id keyed by the organization, docs/functions.md) is what the numbered roster's pseudonymized register must be,
/// cell by cell.
/// </remarks>
public sealed class NumericIdPseudonymTests
{
    private static readonly string SampleDirectory = Path.Combine(RepositoryRoot, "samples", "community-hospital-tx");

    public static TheoryData<string, bool> Schemes => new()
    {
        { "numbered", false }, { "numbered", true },
        { "dates and counts", false }, { "dates and counts", true },
        { "as written", false },
        // An id that starts a sentence is written as the roster has it, so it is the id that is replaced.
        { "lower case", false },
    };

    /// <summary>The ids of a scheme, one for each person of the sample in the order of their first row.</summary>
    private static string[] Ids(string scheme, IReadOnlyList<string> written) => scheme switch
    {
        "numbered" => [.. written.Select((_, i) => (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))],
        // Ids that equal the as-of date's year, month and day, a tier, counts, months and a percentage.
        "dates and counts" => [.. new[] { "1", "12", "2026", "5", "2", "22", "11", "100", "3", "0", "4", "6", "7", "8", "9", "10", "13", "14", "15", "16", "17", "18", "19", "20", "21", "23", "24", "25", "26", "27" }.Take(written.Count)],
        "lower case" => [.. written.Select(id => id.ToLowerInvariant())],
        _ => [.. written],
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Workbook_IsTheTwinsWithOnlyThePeopleReplaced(string scheme, bool keepIds)
    {
        var (numbered, twin, people) = Rosters(scheme);
        var options = new RegisterOptions { Pseudonymize = true, KeepIds = keepIds };
        foreach (var (actual, expected, source) in new[]
                 {
                     (Write(numbered.Assessment, options with { Roster = numbered.Roster }), Write(twin.Assessment, new RegisterOptions { Roster = twin.Roster }), "assess"),
                     (Write(Saved(numbered.Assessment), options), Write(Saved(twin.Assessment), new RegisterOptions()), "a saved assessment"),
                 })
        {
            using var pseudonymized = Open(actual);
            using var plain = Open(expected);
            Assert.Equal(SheetNames(plain), SheetNames(pseudonymized));
            var differences = new List<string>();
            foreach (var sheet in SheetNames(plain))
            {
                var got = Rows(pseudonymized, sheet).Values.Select(Trimmed).ToList();
                // What only a pseudonymized register says: the Summary's note that people are shown by pseudonym.
                got.RemoveAll(row => row is [var only] && only.StartsWith("People are shown by pseudonym", StringComparison.Ordinal));
                var want = Rows(plain, sheet).Values.Select(row => Trimmed([.. row.Select(cell => ExpectedCell(cell, people, numbered.Assessment, twin.Assessment, keepIds))])).ToList();
                // The Competency Matrix lists people by what it shows of them: by pseudonym here, by name there.
                if (sheet == "Competency Matrix")
                {
                    got = [.. got.OrderBy(r => string.Join("\t", r), StringComparer.Ordinal)];
                    want = [.. want.OrderBy(r => string.Join("\t", r), StringComparer.Ordinal)];
                }
                for (var i = 0; i < Math.Max(got.Count, want.Count); i++)
                {
                    var (g, w) = (i < got.Count ? string.Join(" | ", got[i]) : "(none)", i < want.Count ? string.Join(" | ", want[i]) : "(none)");
                    if (g != w) differences.Add($"{sheet}, row {i + 1}:\n  got      {g}\n  expected {w}");
                }
            }
            Assert.True(differences.Count == 0, $"{scheme}, keepIds {keepIds}, from {source}: {differences.Count} rows differ:\n{string.Join("\n", differences.Take(12))}");
        }
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Nist8286Json_IsTheTwinsWithOnlyThePeopleReplaced(string scheme, bool keepIds)
    {
        var (numbered, twin, people) = Rosters(scheme);
        var options = new RegisterOptions { Pseudonymize = true, KeepIds = keepIds };
        foreach (var (actual, expected, source) in new[]
                 {
                     (Nist(numbered.Assessment, options with { Roster = numbered.Roster }), Nist(twin.Assessment, new RegisterOptions { Roster = twin.Roster }), "assess"),
                     (Nist(Saved(numbered.Assessment), options), Nist(Saved(twin.Assessment), new RegisterOptions()), "a saved assessment"),
                 })
        {
            var differences = new List<string>();
            Compare(JsonDocument.Parse(actual).RootElement, JsonDocument.Parse(expected).RootElement, "$", people, numbered.Assessment, twin.Assessment, keepIds, differences);
            Assert.True(differences.Count == 0, $"{scheme}, keepIds {keepIds}, from {source}: {differences.Count} values differ:\n{string.Join("\n", differences.Take(12))}");
        }
    }

    [Fact]
    public void Numbered_TheTextsTheDefectGarbled_ComeOutAsWritten()
    {
        var (numbered, _, people) = Rosters("numbered");
        var nist = Encoding.UTF8.GetString(Nist(numbered.Assessment, new RegisterOptions { Roster = numbered.Roster, Pseudonymize = true }));
        Assert.Contains("Information Security Officer (tier 1): 1 holder(s), none qualified", nist);
        Assert.Contains("Chance that no qualified holder is left within 12 months: 100%", nist);
        Assert.DoesNotMatch(@"tier Person|Person [0-9A-F]{4} holder|within Person|-Person |Person [0-9A-F]{4}\.Person", nist);
        Assert.Matches(@"Person [0-9A-F]{4}\b", nist);
        Assert.DoesNotContain(people[0].Name!, nist);
    }

    [Fact]
    public void AnAssessmentSavedBeforeMentionsWereListed_IsRead_AndGetsTheRegisterItGotBefore()
    {
        // Its texts say nowhere where they mention people: every known id standing as a whole word is replaced, as
        // before, which for the sample's own ids (E1001 …) is the same register.
        var (asWritten, _, _) = Rosters("as written");
        using var json = new MemoryStream();
        AssessmentJson.Write(json, asWritten.Assessment);
        var document = System.Text.Json.Nodes.JsonNode.Parse(json.ToArray())!;
        var removed = 0;
        foreach (var kind in new[] { "roles", "obligations", "risks" })
            foreach (var item in document[kind]!.AsArray())
                removed += item!.AsObject().Remove("mentions") ? 1 : 0;
        Assert.True(removed > 10);
        var old = AssessmentJson.Read(Encoding.UTF8.GetBytes(document.ToJsonString())).GetValueOrThrow();
        Assert.All(old.Risks, r => Assert.Null(r.Mentions));
        Assert.All(old.Roles, r => Assert.Null(r.Mentions));
        var options = new RegisterOptions { Pseudonymize = true };
        Assert.Equal(Write(Saved(asWritten.Assessment), options), Write(old, options));
        Assert.Equal(Nist(Saved(asWritten.Assessment), options), Nist(old, options));
    }

    private sealed record Twin(string Id, string TwinId, string? Name);

    private sealed record Assessed(Assessment Assessment, Roster Roster);

    private static (Assessed Numbered, Assessed Twin, List<Twin> People) Rosters(string scheme)
    {
        var lines = File.ReadAllLines(Path.Combine(SampleDirectory, "roster.csv"));
        var written = lines.Skip(2).Select(l => l[..l.IndexOf(',')]).Distinct().ToList();
        var ids = Ids(scheme, written);
        var names = lines.Skip(2).Select(l => l.Split(',')).DistinctBy(f => f[0]).ToDictionary(f => f[0], f => f[1]);
        // One name as "Last, First", as many HR exports write them: both spellings are replaced.
        names[written[1]] = string.Join(", ", names[written[1]].Split(' ').Reverse());
        var people = written.Select((w, i) => new Twin(ids[i], "Q" + ids[i], names[w])).ToList();

        string Roster(Func<Twin, string> id)
        {
            var csv = new StringBuilder().AppendLine(lines[0]).AppendLine(lines[1]);
            foreach (var line in lines.Skip(2))
            {
                var fields = line.Split(',', 3);
                var person = people[written.IndexOf(fields[0])];
                csv.Append(id(person)).Append(',').Append(Csv(person.Name!)).Append(',').AppendLine(fields[2]);
            }
            // A row without a role (MISSING_ROLE names its person after the row: "Row 31 (E1005) has no role").
            var last = people[4];
            csv.Append(id(last)).Append(',').Append(Csv(last.Name!)).AppendLine(",,,,,,,,,,,,,,");
            return csv.ToString();
        }
        var profile = ProfileReader.Read(File.ReadAllBytes(Path.Combine(SampleDirectory, "profile.json"))).GetValueOrThrow();
        Assessed Assessed(string csv)
        {
            var read = RosterDocument.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), Import.Catalog, profile);
            Assert.True(read.Success, $"roster rejected: {read.Rejection}");
            return new(new Assessor(Import.Catalog).Assess(profile, read.Roster!, new AssessmentOptions { AsOf = AsOf }), read.Roster!);
        }
        var numbered = Assessed(Roster(p => p.Id));
        var twin = Assessed(Roster(p => p.TwinId));
        // The roster gives warnings about people: they too must come out right.
        Assert.Contains(numbered.Assessment.Warnings, w => w.Code == "DEPARTED");
        Assert.Contains(numbered.Assessment.Warnings, w => w.Code == "MISSING_ROLE");
        return (numbered, twin, people);
    }

    private static List<string> Trimmed(List<string> row)
    {
        var end = row.Count;
        while (end > 0 && row[end - 1].Length == 0) end--;
        return row[..end];
    }

    /// <summary>A cell of the twin's plain register as the pseudonymized one must show it (<see cref="Expected"/>).</summary>
    private static string ExpectedCell(string plain, List<Twin> people, Assessment numbered, Assessment twin, bool keepIds)
    {
        // A column of ids is left blank when they are not kept; the Methodology sheet says how people are shown.
        if (!keepIds && people.Any(p => plain == p.TwinId)) return "";
        if (plain == "names shown as read from the roster") return $"pseudonymized (HMAC-SHA256 per organization), person ids {(keepIds ? "kept" : "removed")}";
        return Expected(plain, people, numbered, twin, keepIds);
    }

    private static string Csv(string value) => value.Contains(',') ? $"\"{value}\"" : value;

    private static Assessment Saved(Assessment assessment)
    {
        using var json = new MemoryStream();
        AssessmentJson.Write(json, assessment);
        return AssessmentJson.Read(json.ToArray()).GetValueOrThrow();
    }

    private static byte[] Nist(Assessment assessment, RegisterOptions options)
    {
        using var output = new MemoryStream();
        Nist8286Json.Write(output, assessment, Import.Catalog, options);
        return output.ToArray();
    }

    /// <summary>
    /// A text of the twin's plain register as the numbered roster's pseudonymized register must show it: each person
    /// the twin's text names (name and id, name, id) replaced by the person's pseudonym (with the id, when kept), the
    /// hashes of the twin's roster and inputs by the numbered one's, and nothing else.
    /// </summary>
    private static string Expected(string plain, List<Twin> people, Assessment numbered, Assessment twin, bool keepIds)
    {
        var pseudonyms = Pseudonyms(numbered.Organization.Id, people.Select(p => p.Id));
        // In full, and shortened as the Summary's scope statement writes the roster's.
        var text = plain.Replace(twin.Roster.Sha256, numbered.Roster.Sha256).Replace(twin.AssessmentId, numbered.AssessmentId)
            .Replace(twin.Roster.Sha256[..16] + "…", numbered.Roster.Sha256[..16] + "…");
        foreach (var p in people)
            foreach (var form in NameForms(p.Name))
                text = text.Replace($"{form} ({p.TwinId})", keepIds ? $"{pseudonyms[p.Id]} ({p.Id})" : pseudonyms[p.Id]);
        foreach (var p in people)
            foreach (var form in NameForms(p.Name))
                text = text.Replace(form, pseudonyms[p.Id]);
        foreach (var p in people.OrderByDescending(p => p.TwinId.Length))
            text = Regex.Replace(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(p.TwinId)}(?![\p{{L}}\p{{N}}])", keepIds ? p.Id : pseudonyms[p.Id]);
        return text;
    }

    private static IEnumerable<string> NameForms(string? name)
    {
        if (name is null) yield break;
        yield return name;
        if (name.Split(", ") is [var last, var first]) yield return $"{first} {last}";
    }

    /// <summary>"Person 7F3A": the first four hex digits of HMAC-SHA256(organization key, id), eight when four are shared.</summary>
    private static Dictionary<string, string> Pseudonyms(string organization, IEnumerable<string> ids)
    {
        var key = Encoding.UTF8.GetBytes("ComplianceRisk register pseudonym\0" + organization);
        var hashes = ids.ToDictionary(id => id, id => Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(id))));
        return hashes.GroupBy(h => h.Value[..4]).SelectMany(g => g.Select(h => (h.Key, Shown: "Person " + (g.Count() == 1 ? h.Value[..4] : h.Value[..8]))))
            .ToDictionary(h => h.Key, h => h.Shown);
    }

    private static void Compare(JsonElement actual, JsonElement plain, string path, List<Twin> people, Assessment numbered, Assessment twin, bool keepIds, List<string> differences)
    {
        if (plain.ValueKind != actual.ValueKind)
        {
            differences.Add($"{path}: {actual.ValueKind}, expected {plain.ValueKind}");
            return;
        }
        switch (plain.ValueKind)
        {
            case JsonValueKind.Object:
                var names = plain.EnumerateObject().Select(p => p.Name).ToList();
                if (!names.SequenceEqual(actual.EnumerateObject().Select(p => p.Name))) differences.Add($"{path}: properties {string.Join(",", actual.EnumerateObject().Select(p => p.Name))}, expected {string.Join(",", names)}");
                foreach (var name in names)
                    if (actual.TryGetProperty(name, out var value)) Compare(value, plain.GetProperty(name), $"{path}.{name}", people, numbered, twin, keepIds, differences);
                break;
            case JsonValueKind.Array:
                if (plain.GetArrayLength() != actual.GetArrayLength()) differences.Add($"{path}: {actual.GetArrayLength()} items, expected {plain.GetArrayLength()}");
                else for (var i = 0; i < plain.GetArrayLength(); i++) Compare(actual[i], plain[i], $"{path}[{i}]", people, numbered, twin, keepIds, differences);
                break;
            case JsonValueKind.String:
                var want = Expected(plain.GetString()!, people, numbered, twin, keepIds);
                if (actual.GetString() != want) differences.Add($"{path}:\n  got      {actual.GetString()}\n  expected {want}");
                break;
            default:
                if (actual.GetRawText() != plain.GetRawText()) differences.Add($"{path}: {actual.GetRawText()}, expected {plain.GetRawText()}");
                break;
        }
    }
}
