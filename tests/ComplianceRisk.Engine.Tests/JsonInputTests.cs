using System.Security.Cryptography;
using System.Text;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Reports;
using ComplianceRisk.Engine.Risks;

namespace ComplianceRisk.Engine.Tests;

/// <summary>What every JSON reader of the engine accepts and how each refuses what it cannot read (<see cref="JsonInput"/>).</summary>
public sealed class JsonInputTests
{
    private const string Profile = """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"] }""";
    private const string Treatments = """{ "ROLE:sec": { "owner": "CIO", "status": "In progress" } }""";
    private const string Subscription = """{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }""";

    /// <summary>Each reader by name, with a document it accepts.</summary>
    public static TheoryData<string, string> Readers => new()
    {
        { "catalog", TestCatalog.Json }, { "profile", Profile }, { "treatments", Treatments }, { "subscription", Subscription },
    };

    private static IReadOnlyList<InputError> Errors(string reader, byte[] utf8Json) => reader switch
    {
        "catalog" => CatalogReader.Read(utf8Json).Errors,
        "profile" => ProfileReader.Read(utf8Json).Errors,
        "treatments" => TreatmentBook.Read(utf8Json).Errors,
        "subscription" => SubscriptionReader.Read(utf8Json).Errors,
        _ => throw new ArgumentOutOfRangeException(nameof(reader), reader, null),
    };

    private static byte[] WithByteOrderMark(string json) => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(json)];

    [Theory]
    [MemberData(nameof(Readers))]
    public void A_utf8_byte_order_mark_is_accepted(string reader, string json) =>
        Assert.Empty(Errors(reader, WithByteOrderMark(json)));

    [Fact]
    public void A_catalog_with_a_byte_order_mark_is_hashed_as_its_file_is()
    {
        var bytes = WithByteOrderMark(TestCatalog.Json);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), CatalogReader.Read(bytes).GetValueOrThrow().Sha256);
    }
}
