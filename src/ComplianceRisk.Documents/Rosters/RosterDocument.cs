using System.Security.Cryptography;
using System.Text;
using ComplianceRisk.Engine;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>A roster that was read, or the one clear reason it could not be.</summary>
public sealed record RosterReadResult(Roster? Roster, RosterRejection? Rejection)
{
    public bool Success => Roster is not null;
}

/// <summary>
/// Entry point for reading a roster document of any supported format: checks the size, recognises the
/// format from the content (not the file name), hashes the bytes and imports the rows.
/// </summary>
public static class RosterDocument
{
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    /// <summary>An empty ZIP starts with its end-of-central-directory record.</summary>
    private static readonly byte[] EmptyZipMagic = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>From this size on, rows are parsed on a second thread while they are imported (<see cref="ReadAheadTable"/>).</summary>
    private const long ReadAheadBytes = 1024 * 1024;

    public static RosterReadResult Read(Stream input, Catalog catalog, OrganizationProfile profile, RosterLimits? limits = null, IProgress<double>? progress = null)
    {
        limits ??= RosterLimits.Default;
        var stream = input;
        if (!stream.CanSeek)
        {
            // Bounded copy: a stream that never ends must not exhaust memory.
            var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                if (copy.Length + read > limits.MaxBytes) return TooLarge(limits);
                copy.Write(buffer, 0, read);
            }
            copy.Position = 0;
            stream = copy;
        }
        if (stream.Length - stream.Position > limits.MaxBytes) return TooLarge(limits);

        var start = stream.Position;
        var head = new byte[4096];
        var headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = start;
        if (Classify(head.AsSpan(0, headLength)) is { } rejection) return new RosterReadResult(null, rejection);

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        stream.Position = start;
        try
        {
            IRosterTable document = IsZip(head.AsSpan(0, headLength))
                ? XlsxRosterTable.Open(stream, limits, progress)
                : new CsvRosterTable(stream, limits, progress);
            using var table = stream.Length - start >= ReadAheadBytes && Environment.ProcessorCount > 1 ? new ReadAheadTable(document) : document;
            var roster = new RosterImporter(catalog, profile, limits).Import(table, sha256);
            return new RosterReadResult(roster, null);
        }
        catch (RosterRejectedException e)
        {
            return new RosterReadResult(null, e.Rejection);
        }
    }

    private static bool IsZip(ReadOnlySpan<byte> head) => head.StartsWith(ZipMagic) || head.StartsWith(EmptyZipMagic);

    private static RosterReadResult TooLarge(RosterLimits limits) => new(null, new RosterRejection("TOO_LARGE",
        $"The roster is larger than {limits.MaxBytes / (1024 * 1024):N0} MiB", "Split the roster, or remove columns that are not roster data"));

    /// <summary>Refuses what is neither a CSV nor an XLSX roster, saying what it looks like instead and what to do.</summary>
    private static RosterRejection? Classify(ReadOnlySpan<byte> head)
    {
        if (IsZip(head)) return null;
        if (head.StartsWith(OleMagic))
            return new RosterRejection("LEGACY_OR_ENCRYPTED_WORKBOOK", "This file is a legacy Excel 97-2003 workbook (.xls) or a password-protected workbook",
                "Remove the password if there is one, then save the roster as an Excel workbook (.xlsx) or CSV UTF-8");
        var isUtf16 = head.Length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF));
        if (!isUtf16 && head.Contains((byte)0))
            return new RosterRejection("NOT_TEXT", "This file is binary data, not a CSV text file",
                "Export the roster from your HR system or spreadsheet program as CSV UTF-8");
        if (!isUtf16 && ClassifyJson(head) is { } json) return json;
        return ClassifyMarkup(isUtf16 ? (head[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(head[2..]) : Encoding.UTF8.GetString(head));
    }

    /// <summary>
    /// A JSON document given as the roster, most likely another of the tool's own (an assessment, a profile): read as CSV
    /// it would only fail to show a header row. Said for what it is instead.
    /// </summary>
    private static RosterRejection? ClassifyJson(ReadOnlySpan<byte> head)
    {
        var text = JsonInput.WithoutByteOrderMark(head).TrimStart(" \t\r\n"u8);
        if (text.IsEmpty || text[0] != (byte)'{') return null;
        return new RosterRejection("JSON_DOCUMENT", $"This file is {DocumentKinds.Of(head) ?? "a JSON document"}, not a CSV file or an Excel workbook (.xlsx)",
            "Give the roster here: the CSV or Excel workbook (.xlsx) your HR system exports, or the roster template filled in");
    }

    /// <summary>
    /// Many HR and reporting systems export "Excel" files that are a web page or Excel 2003's XML spreadsheet with an .xls
    /// name; read as CSV they would only fail to show a header row. Said for what they are instead, with what to do.
    /// </summary>
    private static RosterRejection? ClassifyMarkup(string head)
    {
        var text = head.AsSpan().TrimStart('\uFEFF').TrimStart();
        if (text.IsEmpty || text[0] != '<') return null;
        var isXml = text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase);
        if (isXml && (head.Contains("urn:schemas-microsoft-com:office:spreadsheet", StringComparison.OrdinalIgnoreCase)
                      || head.Contains("progid=\"Excel.Sheet\"", StringComparison.OrdinalIgnoreCase)))
            return new RosterRejection("XML_DOCUMENT", "This file is an Excel 2003 XML spreadsheet, not a CSV file or an Excel workbook (.xlsx)",
                "Open it in a spreadsheet program and save it as an Excel workbook (.xlsx) or CSV UTF-8");
        if (text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<table", StringComparison.OrdinalIgnoreCase) || (isXml && head.Contains("<html", StringComparison.OrdinalIgnoreCase)))
            return new RosterRejection("HTML_DOCUMENT", "This file is a web page (HTML), not a CSV file or an Excel workbook (.xlsx); some systems export \"Excel\" files this way",
                "Open it in a spreadsheet program and save it as an Excel workbook (.xlsx) or CSV UTF-8, or export the roster from your HR system as CSV");
        if (isXml)
            return new RosterRejection("XML_DOCUMENT", "This file is an XML document, not a CSV file or an Excel workbook (.xlsx)",
                "Export the roster from your HR system or spreadsheet program as CSV UTF-8 or as an Excel workbook (.xlsx)");
        return null;
    }
}
