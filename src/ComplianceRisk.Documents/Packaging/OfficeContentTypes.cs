namespace ComplianceRisk.Documents.Packaging;

/// <summary>
/// Content types the workbooks' parts are added under when they are given fixed relationship ids: the SDK's
/// <c>AddNewPart</c> takes an id only beside the content type.
/// </summary>
internal static class OfficeContentTypes
{
    public const string Workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
}
