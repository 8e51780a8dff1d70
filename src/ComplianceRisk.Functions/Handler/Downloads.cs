using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Functions.Handler;

/// <summary>The documents the HTTP functions answer with, written the same way the CLI writes them.</summary>
public static class Downloads
{
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string JsonMediaType = "application/json; charset=utf-8";

    /// <summary>The formats a register can be asked for, as the <c>format</c> query parameter spells them.</summary>
    public static readonly string[] RegisterFormats = ["xlsx", "nist-8286-json"];

    public static IResult AssessmentJsonResult(Assessment assessment) =>
        TypedResults.Stream(stream => AssessmentJson.WriteAsync(stream, assessment), JsonMediaType);

    /// <summary>
    /// The register workbook. The Open XML package needs a seekable stream, so it is written to a temporary file
    /// (deleted when the response is sent) rather than held in memory.
    /// </summary>
    public static IResult Register(string format, Assessment assessment, Catalog catalog, RegisterOptions options)
    {
        var file = TemporaryFile();
        var name = $"register-{assessment.Organization.Id}-{assessment.AsOf:yyyy-MM-dd}";
        if (format == "nist-8286-json")
        {
            Nist8286Json.Write(file, assessment, catalog, options);
            file.Position = 0;
            return TypedResults.Stream(file, JsonMediaType, name + ".8286.json");
        }
        RegisterWorkbook.Write(file, assessment, catalog, options);
        file.Position = 0;
        return TypedResults.Stream(file, XlsxMediaType, name + ".xlsx");
    }

    public static FileStream TemporaryFile() =>
        new(Path.Combine(Path.GetTempPath(), $"compliancerisk-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
}
