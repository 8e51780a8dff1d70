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

    private static readonly string[] ReaderNames = ["catalog", "profile", "treatments", "subscription"];

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

    /// <summary>Files that are plainly not JSON, as people give them in the wrong place, and what the error says they are.</summary>
    private static readonly (string Input, byte[] Bytes, string Expected)[] NotJson =
    [
        ("a CSV roster", Encoding.UTF8.GetBytes("employee_id,role,assignment\nE1,dba,primary\n"), "not JSON: it looks like a CSV roster"),
        ("a roster with a title line", Encoding.UTF8.GetBytes("Pecan Creek - IT roster (kept by IT; updated 2026-11-20)\nEmployee ID,Name\n"), "not JSON: it looks like a CSV roster"),
        ("a workbook", [.. "PK\x03\x04"u8, 0x14, 0x00, 0x06, 0x00], "not JSON: it is a ZIP file, such as an Excel workbook (.xlsx)"),
        ("an old workbook", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00], "not JSON: it is an Excel 97-2003 workbook (.xls)"),
        ("UTF-16 from PowerShell", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("{}")], "not JSON in UTF-8: it is UTF-16 text"),
        ("a web page", Encoding.UTF8.GetBytes("<!DOCTYPE html><html></html>"), "not JSON: it looks like HTML or XML"),
        ("nothing", Encoding.UTF8.GetBytes(" \r\n"), "the document is empty"),
        // JSON with a mistake in it is JSON: the serializer's account, with the line an editor shows.
        ("a missing colon", Encoding.UTF8.GetBytes("{\n\n  \"id\" \"x\"\n}"), "line 3: '\"' is invalid after a property name"),
    ];

    public static TheoryData<string, string, byte[], string> NotJsonToEveryReader
    {
        get
        {
            var data = new TheoryData<string, string, byte[], string>();
            foreach (var reader in ReaderNames)
                foreach (var (input, bytes, expected) in NotJson) data.Add(reader, input, bytes, expected);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(NotJsonToEveryReader))]
    public void What_is_plainly_not_json_is_named_for_what_it_is(string reader, string input, byte[] bytes, string expected)
    {
        var error = Assert.Single(Errors(reader, bytes));
        Assert.True(error.ToString().StartsWith(expected, StringComparison.Ordinal), $"{input} given as the {reader}: {error}");
    }

    /// <summary>
    /// Each of the tool's own documents given to every other reader, as people mix up files: one error naming what it is,
    /// not a list of every property the expected document lacks.
    /// </summary>
    public static TheoryData<string, string, string> OtherDocuments
    {
        get
        {
            var documents = new (string Kind, string Json)[]
            {
                ("a catalog", TestCatalog.Json), ("an organization profile", Profile), ("treatment records", Treatments),
                ("a report subscription", Subscription),
                ("an assessment", """{ "schemaVersion": "1.0", "assessmentId": "c5c95af5", "organization": { "id": "x" }, "roles": [] }"""),
                ("a NIST IR 8286 risk register", """{ "organization": { "id": "x" }, "asOf": "2026-11-22", "catalog": {}, "engineVersion": "0.1.0", "risks": [] }"""),
            };
            var names = new Dictionary<string, string>
            {
                ["catalog"] = "a catalog", ["profile"] = "an organization profile", ["treatments"] = "treatment records", ["subscription"] = "a report subscription",
            };
            var data = new TheoryData<string, string, string>();
            foreach (var reader in ReaderNames)
                foreach (var (kind, json) in documents.Where(d => d.Kind != names[reader]))
                    data.Add(reader, json, $"this is {kind}, not {names[reader]}");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(OtherDocuments))]
    public void Another_of_the_tools_documents_is_named_for_what_it_is(string reader, string json, string expected)
    {
        var error = Assert.Single(Errors(reader, WithByteOrderMark(json)));
        Assert.Equal(("", expected), (error.Path, error.Message));
    }

    /// <summary>
    /// Unknown properties beside other mistakes, and every error each reader must list at once: the serializer stops at
    /// the first unknown property, but the document without them is still read and checked.
    /// </summary>
    public static TheoryData<string, string, string[]> UnknownPropertiesBesideOtherErrors => new()
    {
        {
            "subscription",
            """{ "cadence": "daily", "extra": 1, "hour": 24, "timeZone": "localtime", "recipients": ["cio@example.org", "cio@example.org"], "also": true }""",
            ["extra", "also", "hour", "timeZone", "recipients[1]"]
        },
        {
            "profile",
            """{ "id": "x", "orgTypes": ["spaceport"], "jurisdictions": ["Mars"], "nmae": "Pecan Creek", "policy": { "fragileProbabilty": 0.5 } }""",
            ["nmae", "policy.fragileProbabilty", "orgTypes[0]", "jurisdictions[0]"]
        },
        {
            "treatments",
            """{ "ROLE:sec": { "owner": "CIO", "stauts": "open", "status": "Accepted" }, "sec": { "owner": "CIO" } }""",
            ["ROLE:sec.stauts", "ROLE:sec.status", "sec"]
        },
    };

    [Theory]
    [MemberData(nameof(UnknownPropertiesBesideOtherErrors))]
    public void Every_unknown_property_is_listed_with_every_other_error(string reader, string json, string[] paths)
    {
        var errors = Errors(reader, Encoding.UTF8.GetBytes(json));
        Assert.Equal(paths, errors.Select(e => e.Path));
        Assert.All(errors.Take(paths.Count(p => p is "extra" or "also" or "nmae" or "policy.fragileProbabilty" or "ROLE:sec.stauts")),
            e => Assert.Equal("unknown property (check its spelling against the schema)", e.Message));
    }

    /// <summary>
    /// Values of the wrong kind beside other mistakes: the serializer stops at the first, and the subscription, profile and
    /// treatments readers answered only it, so mending a document took a round trip per error (the catalog's reader
    /// already listed all). Each is listed now, and the document with stand-ins for them is still checked.
    /// </summary>
    public static TheoryData<string, string, string[]> WrongKindsBesideOtherErrors => new()
    {
        {
            "subscription",
            // The hour is read by the subscription's reader (8.0 is a whole hour), so it is listed among the checks.
            """{ "cadence": "weekly", "day": "Mon", "hour": "8", "timeZone": "Eastern Standard Time", "recipients": "cio@example.org" }""",
            ["recipients", "hour", "day", "timeZone"]
        },
        {
            "profile",
            """{ "id": "x", "orgTypes": "hospital", "jurisdictions": ["Mars"], "attributes": { "coveredEntity": "yes" } }""",
            ["orgTypes", "attributes.coveredEntity", "jurisdictions[0]"]
        },
        {
            "treatments",
            """{ "ROLE:sec": { "owner": 7, "status": "Sorted" }, "ROLE:dba": { "acceptedUntil": "soon" } }""",
            ["ROLE:sec.owner", "ROLE:dba.acceptedUntil", "ROLE:sec.status"]
        },
    };

    [Theory]
    [MemberData(nameof(WrongKindsBesideOtherErrors))]
    public void Every_value_of_the_wrong_kind_is_listed_with_every_other_error(string reader, string json, string[] paths) =>
        Assert.Equal(paths, Errors(reader, Encoding.UTF8.GetBytes(json)).Select(e => e.Path));

    [Fact]
    public void A_catalog_with_a_byte_order_mark_is_hashed_as_its_file_is()
    {
        var bytes = WithByteOrderMark(TestCatalog.Json);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), CatalogReader.Read(bytes).GetValueOrThrow().Sha256);
    }
}
