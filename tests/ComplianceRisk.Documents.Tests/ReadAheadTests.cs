using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Tests;

/// <summary>
/// A large document's rows are parsed on a second thread while they are imported (ReadAheadTable). Whatever
/// the document, the result must be the one the rows give read one after the other: the same roster and
/// warnings, the same rejection at the same row, and no reader left running once the import has stopped.
/// </summary>
public sealed class ReadAheadTests
{
    /// <summary>A synthetic roster well above the read-ahead size, with problems near its end.</summary>
    private static byte[] LargeCsv(string tail = "")
    {
        var text = new StringWriter();
        new SyntheticRoster(Import.Catalog, new Random(7), new DateOnly(2026, 11, 22)).WriteCsv(text, 12_000);
        text.Write(tail);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        Assert.True(bytes.Length > 2 * 1024 * 1024, "the document must be large enough to be read ahead");
        return bytes;
    }

    private const string Problems =
        "E9000001,Late One,no-such-role,primary,employee,,,,,,,,,,,\n" +
        "E9000002,Late Two,dba,primary,employee,,,,,13/13/2026,,,,,,\n" +
        "E9000002,Late Two,dba,backup,employee,,,,,,,,,,,\n" +
        "E9000003,Late \"Three,dba,primary,employee,,,,,,,,,,,\n" +
        "E9000004,Late Four,dba,primary,employee,,,,,,,,,,,,extra\n";

    /// <summary>The rows read one after the other, with no second thread: what the read-ahead must equal.</summary>
    private static RosterReadResult Direct(byte[] bytes, RosterLimits? limits = null)
    {
        limits ??= RosterLimits.Default;
        try
        {
            using var table = new CsvRosterTable(new MemoryStream(bytes), limits);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
            return new RosterReadResult(new RosterImporter(Import.Catalog, Import.Profile(), limits).Import(table, sha256), null);
        }
        catch (RosterRejectedException e)
        {
            return new RosterReadResult(null, e.Rejection);
        }
    }

    // The engine's conventions with reflection-based metadata: a roster is never written as JSON by the product, so the
    // engine's generated metadata does not cover it.
    private static readonly JsonSerializerOptions RosterJson = new(EngineJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static string Json(Roster roster) => JsonSerializer.Serialize(roster, RosterJson);

    [Fact(Timeout = 60_000)]
    public async Task LargeRoster_ReadAhead_GivesTheSameRosterAndWarnings()
    {
        var bytes = LargeCsv(Problems);
        var ahead = await Task.Run(() => Import.Bytes(bytes));
        var direct = Direct(bytes);

        Assert.True(ahead.Success, $"rejected: {ahead.Rejection}");
        Assert.Equal(Json(direct.Roster!), Json(ahead.Roster!));
        // The problems at the end are all there, in row order, the reader's own (a stray quote) among them.
        foreach (var code in new[] { "ROLE_UNKNOWN", "DATE_INVALID", "DUPLICATE_SEAT", "CSV_BAD_QUOTE", "CELL_OUTSIDE_HEADER" })
            Assert.Contains(ahead.Roster!.Warnings, w => w.Code == code);
    }

    [Fact(Timeout = 60_000)]
    public async Task LargeRoster_RejectedPartWay_GivesTheSameRejection()
    {
        var bytes = LargeCsv();
        var limits = RosterLimits.Default with { MaxRows = 9_000 };
        var ahead = await Task.Run(() => Import.Bytes(bytes, limits: limits));
        var direct = Direct(bytes, limits);

        Assert.False(ahead.Success);
        Assert.Equal("TOO_MANY_ROWS", ahead.Rejection!.Code);
        Assert.Equal(direct.Rejection, ahead.Rejection);
    }

    [Fact(Timeout = 60_000)]
    public async Task LargeDocument_ImportStopsEarly_TheReaderStopsToo()
    {
        // Eleven title rows: the import gives up looking for a header long before the reader reaches the end.
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("title\n", 11))).Concat(LargeCsv()).ToArray();
        var ahead = await Task.Run(() => Import.Bytes(bytes));

        Assert.False(ahead.Success);
        Assert.Equal("NO_EMPLOYEE_ID_COLUMN", ahead.Rejection!.Code);
        Assert.Equal(Direct(bytes).Rejection, ahead.Rejection);
    }
}
