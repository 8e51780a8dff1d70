namespace ComplianceRisk.Documents.Rosters;

/// <summary>Hard limits on roster documents, so hostile input costs bounded time and memory.</summary>
public sealed record RosterLimits
{
    /// <summary>Largest document accepted (default 256 MiB: about two million CSV rows).</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;
    /// <summary>Rows in the sheet, title and header included (default Excel's 1,048,576 × 2).</summary>
    public int MaxRows { get; init; } = 2 * 1_048_576;
    /// <summary>Cells in a row (default Excel's 16,384).</summary>
    public int MaxColumns { get; init; } = 16_384;
    /// <summary>Characters in a cell (Excel's limit): longer values are dropped with a warning.</summary>
    public int MaxCellLength { get; init; } = 32_767;
    /// <summary>Warnings kept in detail; beyond it, one summary warning per code counts the rest.</summary>
    public int MaxWarnings { get; init; } = 10_000;
    /// <summary>Entries in an XLSX package (a roster workbook has a few dozen).</summary>
    public int MaxZipEntries { get; init; } = 10_000;
    /// <summary>Total size of an XLSX package's parts once expanded (a million-row sheet is a few hundred MiB).</summary>
    public long MaxExpandedBytes { get; init; } = 1024L * 1024 * 1024;
    /// <summary>Expanded ÷ compressed size allowed for a part larger than 1 MiB (spreadsheets compress about 10×; zip bombs 1000×).</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    public static RosterLimits Default { get; } = new();
}
