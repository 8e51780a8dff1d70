using ComplianceRisk.Engine;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary>
/// <c>GET/PUT api/orgs/{org}/treatments</c> (envelope): the organization's decisions about risks
/// (schemas/treatments.schema.json, keyed by risk id) kept in <c>treatments/{org}.json</c> and merged into every
/// assessment ProcessRoster makes. None stored reads as <c>{}</c>: no decisions yet is not an error.
/// </summary>
public static class TreatmentsFunction
{
    public const string Name = "Treatments";
    public const string Output = "treatments";
    public const string Path = "treatments/{org}.json";

    private static readonly OrgDocument<TreatmentBook> Document = new("treatments", AuditLog.TreatmentChange, TreatmentBook.MaxBytes, Check, WhenMissing: "{}");

    public static void Map(IEndpointRouteBuilder app) => Document.Map(app, Name, Output, Path);

    /// <summary>As <c>assess --treatments</c> checks the file.</summary>
    private static ParseResult<TreatmentBook> Check(byte[] body, string org, Engine.Catalogs.Catalog catalog) => TreatmentBook.Read(body);
}
