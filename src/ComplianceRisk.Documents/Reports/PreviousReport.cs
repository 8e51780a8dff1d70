using System.Collections.Immutable;
using System.Text.Json;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Engine;
using ComplianceRisk.Engine.Assessments;

namespace ComplianceRisk.Documents.Reports;

/// <summary>
/// What a report finds of the assessment the previous report was built on: nothing (this is the first report), the
/// assessment, or a stored one that cannot be read. The last is not a first report: its readers must be told that an
/// earlier report exists and why it could not be compared with, in words a CIO understands.
/// </summary>
public sealed record PreviousReport
{
    public Assessment? Assessment { get; private init; }

    /// <summary>Why a stored previous assessment could not be read, in plain words; null when there is none or it was read.</summary>
    public string? Unreadable { get; private init; }

    /// <summary>What the reader refused, for the log.</summary>
    public ImmutableArray<InputError> Errors { get; private init; } = [];

    public static PreviousReport None { get; } = new();

    /// <summary>Reads the stored assessment; null bytes mean there was no previous report.</summary>
    public static PreviousReport Read(byte[]? json)
    {
        if (json is null) return None;
        var read = AssessmentJson.Read(json);
        if (read.Success) return new() { Assessment = read.Value };
        return new() { Unreadable = Why(json, read.Errors), Errors = read.Errors };
    }

    private static string Why(ReadOnlySpan<byte> json, ImmutableArray<InputError> errors)
    {
        // AssessmentJson refuses another schema version with this one error, before reading anything else.
        if (errors is [{ Path: "schemaVersion" }] && SchemaVersion(json) is { } version)
        {
            var which = Version.TryParse(version, out var theirs) && Version.TryParse(Assessment.CurrentSchemaVersion, out var ours)
                ? theirs < ours ? "an earlier" : "a later"
                : "another";
            return $"it was made by {which} version of ComplianceRisk, whose saved assessment this version cannot read (assessment format {version}; this version reads {string.Join(" and ", Assessment.ReadableSchemaVersions)})";
        }
        return "the assessment saved with it is damaged";
    }

    private static string? SchemaVersion(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(JsonInput.WithoutByteOrderMark(json).ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("schemaVersion", out var version)
                && version.ValueKind == JsonValueKind.String ? version.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
