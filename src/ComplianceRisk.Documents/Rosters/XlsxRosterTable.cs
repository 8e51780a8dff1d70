using System.Globalization;
using System.IO.Compression;
using System.Xml;
using ComplianceRisk.Engine.Rosters;
using DocumentFormat.OpenXml.Packaging;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>
/// Reads an XLSX roster. The Open XML SDK owns the package (relationships, parts); each part's XML is
/// streamed with a hardened <see cref="XmlReader"/> (no DTDs, no resolver) behind a stream held to the size and
/// CRC-32 the ZIP directory declares for the part. Before anything is parsed the ZIP is checked for entry count,
/// expanded size and compression ratio.
/// Sheet choice (DESIGN §4): a visible sheet named "Roster", else the first visible sheet with an employee
/// id header in its first rows; hidden sheets are never read.
/// </summary>
public sealed class XlsxRosterTable : IRosterTable
{
    // Transitional (what Excel and LibreOffice save by default) and Strict Open XML name the same elements.
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string StrictMainNs = "http://purl.oclc.org/ooxml/spreadsheetml/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string StrictRelNs = "http://purl.oclc.org/ooxml/officeDocument/relationships";

    private static bool IsMain(XmlReader reader) => reader.NamespaceURI is MainNs or StrictMainNs;

    /// <summary>The name of the sheet read first, whatever the others hold (DESIGN §4).</summary>
    public const string RosterSheetName = "Roster";

    private readonly SpreadsheetDocument _document;
    private readonly RosterLimits _limits;
    private readonly IProgress<double>? _progress;
    private readonly Dictionary<string, DeclaredPart> _declared;
    private readonly List<RosterWarning> _warnings = [];
    private readonly string[] _sharedStrings;
    private readonly bool[] _dateStyles;
    // Per style, how many digits a number format of zeros alone ("000000") shows, 0 for any other: an id column so
    // formatted shows 000123 where the cell holds 123, and the person is known by what the sheet shows.
    private readonly byte[] _zeroPaddedStyles;
    private readonly bool _date1904;
    private readonly WorksheetPart _sheetPart;

    public string Sheet { get; }
    public IReadOnlyList<RosterWarning> Warnings => _warnings;

    private XlsxRosterTable(SpreadsheetDocument document, RosterLimits limits, IProgress<double>? progress, Dictionary<string, DeclaredPart> declared)
    {
        _document = document;
        _limits = limits;
        _progress = progress;
        _declared = declared;
        var workbookPart = document.WorkbookPart ?? throw Reject("NOT_A_WORKBOOK", "The package has no workbook in it", "Open it in a spreadsheet program and save it again as an Excel workbook (.xlsx)");
        var (sheets, date1904) = ReadWorkbook(workbookPart);
        _date1904 = date1904;
        (_dateStyles, _zeroPaddedStyles) = workbookPart.WorkbookStylesPart is { } styles ? ReadNumberStyles(styles) : ([], []);
        _sharedStrings = workbookPart.SharedStringTablePart is { } strings ? ReadSharedStrings(strings) : [];
        (Sheet, _sheetPart) = ChooseSheet(workbookPart, sheets);
    }

    /// <summary>Opens an XLSX package, refusing what is not a plain workbook; throws <see cref="RosterRejectedException"/>.</summary>
    public static XlsxRosterTable Open(Stream stream, RosterLimits limits, IProgress<double>? progress = null)
    {
        var declared = InspectPackage(stream, limits);
        stream.Position = 0;
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(stream, false, new OpenSettings { AutoSave = false });
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException)
        {
            // The package refers to a part it does not hold, or a part cannot be decompressed.
            throw Reject("ZIP_CORRUPT", "The workbook is damaged: a part it refers to is missing or cannot be read",
                "Open it in a spreadsheet program; if it opens, save it again as .xlsx, otherwise export the roster again");
        }
        catch (Exception e) when (e is OpenXmlPackageException or XmlException or FileFormatException or IOException
                                       or NotSupportedException or ArgumentException or UriFormatException)
        {
            throw Reject(e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase) ? "XML_DTD" : "NOT_A_WORKBOOK",
                "The file is a ZIP package but not a workbook this tool can open", "Open it in a spreadsheet program and save it as an Excel workbook (.xlsx)");
        }
        try
        {
            if (document.DocumentType == DocumentFormat.OpenXml.SpreadsheetDocumentType.MacroEnabledWorkbook
                || document.DocumentType == DocumentFormat.OpenXml.SpreadsheetDocumentType.MacroEnabledTemplate)
                throw Reject("MACRO_ENABLED", "The workbook is macro-enabled (.xlsm); macro workbooks are refused",
                    "Save a copy as an Excel workbook (.xlsx), which keeps the data and drops the macros, and assess that");
            return new XlsxRosterTable(document, limits, progress, declared);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>Checks the ZIP directory before any part is parsed: entries, expanded size, ratio, workbook shape.</summary>
    private static Dictionary<string, DeclaredPart> InspectPackage(Stream stream, RosterLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > limits.MaxZipEntries)
                throw Reject("ZIP_TOO_MANY_ENTRIES", $"The workbook package has {zip.Entries.Count:N0} entries; the limit is {limits.MaxZipEntries:N0}",
                    "A roster workbook has a few dozen parts: save the roster sheet on its own as .xlsx or CSV");
            long total = 0;
            var parts = new Dictionary<string, DeclaredPart>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > limits.MaxExpandedBytes)
                    throw Reject("ZIP_TOO_LARGE", $"The workbook expands to more than {limits.MaxExpandedBytes / (1024 * 1024):N0} MiB",
                        "Save only the roster sheet, or split the roster");
                if (entry.Length > 1024 * 1024 && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                    throw Reject("ZIP_BOMB", $"Part {entry.FullName} expands {entry.Length / Math.Max(1, entry.CompressedLength):N0} times its compressed size; the limit is {limits.MaxCompressionRatio}",
                        "This is not how spreadsheet programs save workbooks; open the file in one and save it again as .xlsx");
                parts["/" + entry.FullName.TrimStart('/')] = new DeclaredPart(entry.Length, entry.Crc32);
            }
            if (zip.GetEntry("[Content_Types].xml") is null || !zip.Entries.Any(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && e.FullName.Contains("workbook", StringComparison.OrdinalIgnoreCase)))
            {
                var (what, hint) = ForeignPackage(zip);
                throw Reject("NOT_A_WORKBOOK", what, hint);
            }
            if (zip.Entries.Any(e => e.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
                throw Reject("MACRO_ENABLED", "The workbook contains macros (a VBA project); macro workbooks are refused",
                    "Save a copy as an Excel workbook (.xlsx), which keeps the data and drops the macros, and assess that");
            return parts;
        }
        catch (InvalidDataException)
        {
            throw Reject("ZIP_CORRUPT", "The workbook is damaged: its ZIP package cannot be read (truncated or corrupted)",
                "Open it in a spreadsheet program; if it opens, save it again as .xlsx, otherwise export the roster again");
        }
    }

    /// <summary>
    /// What a ZIP package that holds no workbook is, as far as its directory (and an OpenDocument file's mimetype entry)
    /// tells, and what to do: a spreadsheet another program saved is common, and its owner needs the way to .xlsx.
    /// </summary>
    private static (string What, string Hint) ForeignPackage(ZipArchive zip)
    {
        const string SaveAs = "Open it in a spreadsheet program and save it as an Excel workbook (.xlsx) or CSV UTF-8";
        const string NotASheet = "Put the roster in a spreadsheet, such as the roster template, and save it as .xlsx or CSV UTF-8";
        if (zip.GetEntry("mimetype") is { Length: > 0 and <= 128 } mimetype)
        {
            var bytes = new byte[mimetype.Length];
            using (var entry = mimetype.Open()) entry.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            var type = System.Text.Encoding.ASCII.GetString(bytes).Trim();
            if (type == "application/vnd.oasis.opendocument.spreadsheet")
                return ("This file is an OpenDocument spreadsheet (.ods), as LibreOffice, OpenOffice and Google Sheets save, not an Excel workbook (.xlsx)",
                    "Save it as an Excel workbook (.xlsx) or CSV UTF-8: File > Save As in LibreOffice or OpenOffice, File > Download in Google Sheets");
            if (type.StartsWith("application/vnd.oasis.opendocument.", StringComparison.Ordinal))
                return ($"This file is an OpenDocument {type["application/vnd.oasis.opendocument.".Length..]}, not a spreadsheet", NotASheet);
        }
        if (zip.GetEntry("word/document.xml") is not null) return ("This file is a Word document, not a spreadsheet", NotASheet);
        if (zip.GetEntry("ppt/presentation.xml") is not null) return ("This file is a PowerPoint presentation, not a spreadsheet", NotASheet);
        if (zip.Entries.Any(e => e.FullName.StartsWith("Index/", StringComparison.Ordinal) && e.FullName.EndsWith(".iwa", StringComparison.Ordinal)))
            return ("This file is an Apple Numbers spreadsheet, not an Excel workbook (.xlsx)", "In Numbers, choose File > Export To > Excel or CSV, and assess that file");
        if (zip.Entries is [var only] && (only.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || only.FullName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)))
            return ($"This file is a ZIP archive holding {only.FullName}, not a workbook", $"Unzip it and assess {only.FullName} itself");
        return ("The file is a ZIP package but not an Excel workbook (it may be another document renamed .xlsx)", SaveAs);
    }

    private static RosterRejectedException Reject(string code, string message, string hint, int? row = null, string? column = null) =>
        new(new RosterRejection(code, message, hint, row, column));

    /// <summary>
    /// A part's bytes, bounded by its declared size and the package limit, and checked against its declared CRC-32
    /// when read to the end. (.NET's ZIP reader itself never inflates past the declared size: a part that would is
    /// cut off there, and the cut part fails the check.)
    /// </summary>
    /// <param name="tooLarge">What reading past the bound throws.</param>
    private DeclaredPartStream OpenPart(OpenXmlPart part, Func<Exception> tooLarge)
    {
        var path = part.Uri.OriginalString;
        DeclaredPart? declared = _declared.TryGetValue(path, out var found) ? found : null;
        return new DeclaredPartStream(part.GetStream(FileMode.Open, FileAccess.Read), declared, Math.Min(declared?.Length ?? long.MaxValue, _limits.MaxExpandedBytes),
            tooLarge, () => Reject("ZIP_CORRUPT", $"The workbook is damaged: part {path} does not match the checksum saved with it (it changed after it was saved)",
                "Open it in a spreadsheet program; if it opens, save it again as .xlsx, otherwise export the roster again"));
    }

    /// <summary>A part's XML (<see cref="OpenPart"/>), with DTDs refused.</summary>
    private XmlReader OpenXml(OpenXmlPart part)
    {
        var bounded = OpenPart(part, () => Reject("ZIP_BOMB", $"Part {part.Uri.OriginalString} expands beyond its declared size",
            "This is not how spreadsheet programs save workbooks; open the file in one and save it again as .xlsx"));
        return XmlReader.Create(bounded, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = false,
            MaxCharactersFromEntities = 1024,
            CloseInput = true,
        });
    }

    /// <summary>Runs a read of part XML, turning XML faults into one clear rejection.</summary>
    private T Parse<T>(OpenXmlPart part, Func<XmlReader, T> read)
    {
        try
        {
            using var reader = OpenXml(part);
            return read(reader);
        }
        catch (XmlException e)
        {
            throw e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? Reject("XML_DTD", $"Part {part.Uri} declares a DTD; DTDs and external entities are refused", "Save the workbook again from a spreadsheet program, which never writes DTDs")
                : Reject("XML_INVALID", $"Part {part.Uri} is not well-formed XML ({e.Message})", "Open the workbook in a spreadsheet program and save it again as .xlsx");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or NotSupportedException)
        {
            throw Damaged(part.Uri.ToString());
        }
    }

    private static RosterRejectedException Damaged(string part) => Reject("ZIP_CORRUPT",
        $"The workbook is damaged: part {part} cannot be decompressed", "Open it in a spreadsheet program; if it opens, save it again as .xlsx, otherwise export the roster again");

    private sealed record SheetEntry(string Name, string RelationshipId, bool Hidden);

    private (List<SheetEntry> Sheets, bool Date1904) ReadWorkbook(WorkbookPart part) => Parse(part, reader =>
    {
        var sheets = new List<SheetEntry>();
        var date1904 = false;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || !IsMain(reader)) continue;
            if (reader.LocalName == "workbookPr")
                date1904 = reader.GetAttribute("date1904") is "1" or "true";
            else if (reader.LocalName == "sheet")
                sheets.Add(new SheetEntry(reader.GetAttribute("name") ?? "", reader.GetAttribute("id", RelNs) ?? reader.GetAttribute("id", StrictRelNs) ?? "",
                    reader.GetAttribute("state") is "hidden" or "veryHidden"));
        }
        return (sheets, date1904);
    });

    /// <summary>
    /// Per cell style: whether it shows a date (built-in formats 14-22, 45-47 and custom ones that show days, months or
    /// years), and how many digits a custom format of zeros alone pads a number to.
    /// </summary>
    private (bool[] Dates, byte[] ZeroPadded) ReadNumberStyles(WorkbookStylesPart part) => Parse(part, reader =>
    {
        var customDates = new HashSet<int>();
        var customPadded = new Dictionary<int, byte>();
        var dates = new List<bool>();
        var padded = new List<byte>();
        var inCellXfs = false;
        while (reader.Read())
        {
            if (!IsMain(reader)) continue;
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "numFmt"
                && int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                var code = reader.GetAttribute("formatCode") ?? "";
                if (IsDateFormat(code)) customDates.Add(id);
                else if (code.Length is >= 2 and <= 18 && code.AsSpan().IndexOfAnyExcept('0') < 0) customPadded[id] = (byte)code.Length;
            }
            else if (reader.LocalName == "cellXfs") inCellXfs = reader.NodeType == XmlNodeType.Element && !reader.IsEmptyElement;
            else if (inCellXfs && reader.NodeType == XmlNodeType.Element && reader.LocalName == "xf")
            {
                var format = int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) ? f : 0;
                dates.Add(format is >= 14 and <= 22 or >= 45 and <= 47 || customDates.Contains(format));
                padded.Add(customPadded.GetValueOrDefault(format));
            }
        }
        return (dates.ToArray(), padded.ToArray());
    });

    private static bool IsDateFormat(string code)
    {
        // Quoted text and [colour]/[$-locale] sections say nothing about dates; elapsed times ([h]) are durations.
        var bare = new System.Text.StringBuilder();
        var quoted = false;
        var bracket = false;
        foreach (var ch in code)
        {
            if (ch == '"') quoted = !quoted;
            else if (!quoted && ch == '[') bracket = true;
            else if (!quoted && ch == ']') bracket = false;
            else if (!quoted && !bracket) bare.Append(char.ToLowerInvariant(ch));
        }
        var text = bare.ToString();
        return text.IndexOfAny(['d', 'y']) >= 0 || (text.Contains('m') && !text.Contains('h') && !text.Contains('s'));
    }

    private string[] ReadSharedStrings(SharedStringTablePart part) => Parse(part, reader =>
    {
        var strings = new List<string>();
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si" && IsMain(reader)) strings.Add(ReadText(reader));
            else reader.Read();
        }
        return strings.ToArray();
    });

    /// <summary>
    /// The text of an &lt;si&gt; or &lt;is&gt;: its &lt;t&gt; and rich-text runs, without phonetic guides. Starts on
    /// the element and leaves the reader just past its end.
    /// </summary>
    private static string ReadText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }
        // Nearly every string is one <t>: it is the text as read, and only rich text is put together.
        string? single = null;
        System.Text.StringBuilder? text = null;
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh") reader.Skip();
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
            {
                var run = reader.ReadElementContentAsString();
                if (single is null && text is null) single = run;
                else (text ??= new System.Text.StringBuilder(single)).Append(run);
            }
            else reader.Read();
        }
        reader.Read();
        return text?.ToString() ?? single ?? "";
    }

    private (string Name, WorksheetPart Part) ChooseSheet(WorkbookPart workbook, List<SheetEntry> sheets)
    {
        var visible = sheets.Where(s => !s.Hidden).Select(s => (s.Name, Part: workbook.TryGetPartById(s.RelationshipId, out var p) ? p as WorksheetPart : null))
            .Where(s => s.Part is not null).Select(s => (s.Name, Part: s.Part!)).ToList();
        if (visible.Count == 0)
            throw Reject("NO_SHEET", "The workbook has no visible worksheet", "Unhide the roster sheet (or add one) and save the workbook again");
        foreach (var sheet in visible)
            if (string.Equals(sheet.Name.Trim(), RosterSheetName, StringComparison.OrdinalIgnoreCase)) return sheet;
        foreach (var sheet in visible)
            if (Rows(sheet.Part, RosterImporter.HeaderSearchRows, record: false).Any(r => r.NamesEmployeeId()))
                return sheet;
        return visible[0];
    }

    public IEnumerable<TableRow> ReadRows()
    {
        var rows = Rows(_sheetPart, int.MaxValue, record: true).GetEnumerator();
        // The first rows are held back so merged header cells can be filled in before the header is looked for.
        var head = new List<TableRow>();
        while (head.Count < RosterImporter.HeaderSearchRows && rows.MoveNext()) head.Add(rows.Current.Keep());
        foreach (var row in FillMerges(head)) yield return row;
        while (rows.MoveNext()) yield return rows.Current;
    }

    /// <summary>
    /// A two-row header: a label merged down over rows belongs to the lowest of them, where the sub-labels of
    /// grouped columns are, so that row is the header and the row above is a title. Merges across columns
    /// keep the label in their first column only. Merges are listed after the sheet data, so this second
    /// look happens only when a header-area row has gaps.
    /// </summary>
    private IEnumerable<TableRow> FillMerges(List<TableRow> head)
    {
        if (!head.Any(HasGap)) return head;
        if (!MayHoldMerges(_sheetPart)) return head;
        var merges = Parse(_sheetPart, reader =>
        {
            var found = new List<(int Row1, int Col1, int Row2)>();
            while (reader.Read())
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "mergeCell" && reader.GetAttribute("ref") is { } range
                    && range.Split(':') is [var from, var to] && Reference(from) is { } a && Reference(to) is { } b && b.Row > a.Row)
                    found.Add((a.Row, a.Column, b.Row));
            return found;
        });
        if (merges.Count == 0) return head;
        var rows = head.ToDictionary(r => r.Number, r => new List<CellValue>(r.Cells.ToArray()));
        foreach (var (row1, column, row2) in merges)
        {
            if (!rows.TryGetValue(row1, out var top) || column >= top.Count || top[column].IsEmpty) continue;
            var label = top[column];
            var last = Enumerable.Range(row1, row2 - row1 + 1).Where(rows.ContainsKey).Max();
            for (var r = row1; r <= last; r++)
            {
                if (!rows.TryGetValue(r, out var cells)) continue;
                while (cells.Count <= column) cells.Add(CellValue.Empty);
                cells[column] = r == last ? label : CellValue.Empty;
            }
        }
        return head.Select(r => r with { Cells = rows[r.Number].ToArray() });
    }

    private static bool HasGap(TableRow row)
    {
        foreach (var cell in row.Cells.Span)
            if (cell.IsEmpty) return true;
        return false;
    }

    private static readonly byte[] MergeCellName = "mergeCell"u8.ToArray();

    /// <summary>
    /// Whether the part's bytes contain the element name "mergeCell" at all. Most rosters have gaps in their
    /// first rows and no merged cells; the answer then costs inflating the part (fast) instead of parsing all
    /// of its XML a second time (most of the time an XLSX import takes). An element name is written out
    /// literally in any ASCII-compatible encoding, so a part without those bytes has no merges; a part in
    /// another encoding, or with the bytes anywhere (even in a cell's text), is parsed as before. The part is
    /// read behind the same size bound as every other read, and an unreadable part is left for that parse
    /// (or the rows themselves) to reject.
    /// </summary>
    private bool MayHoldMerges(WorksheetPart part)
    {
        try
        {
            using var stream = OpenPart(part, () => new InvalidDataException("beyond the declared size"));
            var buffer = new byte[64 * 1024];
            var keep = MergeCellName.Length - 1;
            var filled = stream.ReadAtLeast(buffer, 256, throwOnEndOfStream: false);
            if (!IsAsciiCompatible(buffer.AsSpan(0, filled))) return true;
            while (filled > 0)
            {
                if (buffer.AsSpan(0, filled).IndexOf(MergeCellName) >= 0) return true;
                // The name may straddle two reads: carry the last bytes over.
                var carry = Math.Min(keep, filled);
                buffer.AsSpan(filled - carry, carry).CopyTo(buffer);
                var read = stream.Read(buffer, carry, buffer.Length - carry);
                filled = read == 0 ? 0 : carry + read;
            }
            return false;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or NotSupportedException)
        {
            return true;
        }
    }

    /// <summary>No UTF-16/32 byte order mark or NUL bytes, and an encoding declaration (if any) naming UTF-8, ASCII or a Latin one.</summary>
    private static bool IsAsciiCompatible(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && (head[0] is 0xFE or 0xFF || head[1] == 0)) return false;
        if (head.IndexOf((byte)0) >= 0) return false;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        if (!head.StartsWith("<?xml"u8)) return true;
        var end = head.IndexOf("?>"u8);
        var declaration = System.Text.Encoding.ASCII.GetString(end > 0 ? head[..end] : head).ToLowerInvariant();
        var at = declaration.IndexOf("encoding", StringComparison.Ordinal);
        if (at < 0) return true;
        var value = declaration[(at + "encoding".Length)..].TrimStart(' ', '=', '"', '\'', '\t', '\r', '\n');
        return value.StartsWith("utf-8", StringComparison.Ordinal) || value.StartsWith("us-ascii", StringComparison.Ordinal)
            || value.StartsWith("iso-8859-1", StringComparison.Ordinal) || value.StartsWith("windows-1252", StringComparison.Ordinal);
    }

    private static (int Row, int Column)? Reference(ReadOnlySpan<char> reference)
    {
        // Excel's last column is XFD (16,384); anything longer is clamped past every limit rather than wrapping.
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
            column = Math.Min(column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1), 1 << 24);
        return column > 0 && int.TryParse(reference[i..], NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? (row, column - 1) : null;
    }

    /// <param name="record">Whether cell warnings are kept: only when reading the chosen sheet, not while choosing it.</param>
    private IEnumerable<TableRow> Rows(WorksheetPart part, int maxRows, bool record)
    {
        XmlReader reader;
        try
        {
            reader = OpenXml(part);
        }
        catch (XmlException e)
        {
            throw Reject("XML_INVALID", $"The sheet cannot be read ({e.Message})", "Open the workbook in a spreadsheet program and save it again as .xlsx");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or NotSupportedException)
        {
            throw Damaged(part.Uri.ToString());
        }
        using (reader)
        {
            var lastRow = 0;
            var rowCount = 0;
            // One row's cells at a time, the same array for every row (TableRow: valid until the next row is read).
            var cells = new CellValue[16];
            var expectedRows = 0;
            while (true)
            {
                TableRow row;
                try
                {
                    if (!reader.Read()) yield break;
                    if (reader.NodeType != XmlNodeType.Element || !IsMain(reader)) continue;
                    if (reader.LocalName == "dimension" && reader.GetAttribute("ref") is { } dim && dim.Split(':') is [_, var end] && Reference(end) is { } last)
                    {
                        expectedRows = last.Row;
                        continue;
                    }
                    if (reader.LocalName != "row") continue;
                    var given = reader.GetAttribute("r");
                    var at = given is null ? lastRow + 1 : long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : long.MaxValue;
                    if (at < 1) at = lastRow + 1;
                    if (++rowCount > _limits.MaxRows || at > _limits.MaxRows)
                        throw Reject("TOO_MANY_ROWS", $"The sheet has more than {_limits.MaxRows:N0} rows (row number {given ?? rowCount.ToString(CultureInfo.InvariantCulture)})",
                            "Split the roster, or assess one organization at a time", (int)Math.Min(at, int.MaxValue));
                    var number = (int)at;
                    lastRow = number;
                    row = ReadRow(reader, number, record, ref cells);
                }
                catch (XmlException e)
                {
                    throw e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                        ? Reject("XML_DTD", "The sheet declares a DTD; DTDs and external entities are refused", "Save the workbook again from a spreadsheet program, which never writes DTDs")
                        : Reject("XML_INVALID", lastRow > 0 ? $"The sheet is not well-formed XML after row {lastRow} ({e.Message})" : $"The sheet is not well-formed XML ({e.Message})",
                            "Open the workbook in a spreadsheet program and save it again as .xlsx", lastRow > 0 ? lastRow : null);
                }
                catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or NotSupportedException)
                {
                    throw Damaged(part.Uri.ToString());
                }
                if (_progress is not null && expectedRows > 0 && (rowCount & 0xFFF) == 0) _progress.Report(Math.Min(1, (double)rowCount / expectedRows));
                yield return row;
                if (rowCount >= maxRows) yield break;
            }
        }
    }

    /// <param name="cells">The row's cells are read into it, and it is made larger for a wider row.</param>
    private TableRow ReadRow(XmlReader reader, int number, bool record, ref CellValue[] cells)
    {
        if (reader.IsEmptyElement) return new TableRow(number, ReadOnlyMemory<CellValue>.Empty);
        var depth = reader.Depth;
        var next = 0;
        var count = 0;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c") continue;
            var (reference, type, style) = CellAttributes(reader);
            var column = reference?.Column ?? next;
            next = column + 1;
            if (column >= _limits.MaxColumns)
                throw Reject("TOO_MANY_COLUMNS", $"Row {number} has a cell in column {column + 1:N0}; the limit is {_limits.MaxColumns:N0}", "Remove the extra columns; a roster needs about 16", number);
            var cell = ReadCell(reader, number, column, type, style, record);
            if (cell.IsEmpty) continue;
            // Cells normally come in column order, but a reference is what places them.
            if (column >= cells.Length) Array.Resize(ref cells, Math.Max(column + 1, 2 * cells.Length));
            while (count <= column) cells[count++] = CellValue.Empty;
            cells[column] = cell;
        }
        return new TableRow(number, cells.AsMemory(0, count));
    }

    /// <param name="type">The cell's t attribute, if it has one; <paramref name="style"/> its s, 0 if none.</param>
    private CellValue ReadCell(XmlReader reader, int row, int column, string? type, int style, bool record)
    {
        var warnings = record ? _warnings : [];
        string? value = null, inline = null;
        var formula = false;
        if (!reader.IsEmptyElement)
        {
            // Content reads advance the reader themselves: move on explicitly only past other nodes.
            var depth = reader.Depth;
            reader.Read();
            while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "v") value = reader.ReadElementContentAsString();
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "is") inline = ReadText(reader);
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "f")
                {
                    formula = true;
                    reader.Skip();
                }
                else reader.Read();
            }
        }
        // Column letters are only for messages: made when one is written, not for every cell.
        string letter() => CsvRosterTable.ColumnLetters(column);
        void WarnFormula(string? shown) =>
            warnings.Add(new RosterWarning(Sheet, row, letter(), shown ?? "", "FORMULA",
                $"Row {row}, column {letter()} holds a formula; its last calculated value{(shown is null ? " is missing, so the cell was read as empty" : $" '{shown}' was used")}",
                "Replace formulas in the roster with their values (Paste Special → Values)"));
        if (formula && type == "e") WarnFormula(value);
        CellValue cell;
        switch (type)
        {
            case "s":
                cell = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < _sharedStrings.Length
                    ? CellValue.FromText(_sharedStrings[index]) : CellValue.Empty;
                break;
            case "inlineStr": cell = CellValue.FromText(inline); break;
            case "str": cell = CellValue.FromText(value); break;
            case "b": cell = value is null ? CellValue.Empty : CellValue.FromBoolean(value == "1"); break;
            case "e":
                warnings.Add(new RosterWarning(Sheet, row, letter(), value ?? "", "CELL_ERROR",
                    $"Row {row}, column {letter()} shows the error {value}; the cell was read as empty", "Fix or clear the cell"));
                return CellValue.Empty;
            case "d":
                cell = DateOnly.TryParse(value?.Split('T')[0], CultureInfo.InvariantCulture, out var date) ? CellValue.FromDate(date) : CellValue.FromText(value);
                break;
            default:
                if (value is null || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    cell = CellValue.FromText(value);
                    break;
                }
                cell = style < _dateStyles.Length && _dateStyles[style] ? DateCell(number)
                    : style < _zeroPaddedStyles.Length && _zeroPaddedStyles[style] is > 0 and var digits && number is >= 0 and < 1e15 && number == Math.Floor(number)
                        ? CellValue.FromText(((long)number).ToString(new string('0', digits), CultureInfo.InvariantCulture))
                        : CellValue.FromNumber(number);
                break;
        }
        // A formula copied down past the last person calculates to nothing: the cell is empty, and nothing of it is used.
        // A date is quoted as the date the sheet shows, not its serial number.
        if (formula && value is not "") WarnFormula(cell.Kind == CellKind.Date ? cell.ToString() : value);
        if (cell.Kind == CellKind.Text && cell.Text!.Length > _limits.MaxCellLength)
        {
            warnings.Add(new RosterWarning(Sheet, row, letter(), $"{cell.Text.Length:N0} characters", "CELL_TOO_LONG",
                $"Row {row}, column {letter()} holds {cell.Text.Length:N0} characters (the limit is {_limits.MaxCellLength:N0}); the value was ignored",
                "Shorten the cell; roster cells hold ids, names, dates and short lists"));
            return CellValue.Empty;
        }
        return cell;
    }

    // The value of the attribute read last (CellAttributes), made larger for a longer one.
    private char[] _attribute = new char[32];

    /// <summary>
    /// A cell's reference (where it places the cell, if it can be read), type and style, in one pass over its
    /// attributes: each value is copied from the parser's buffer into one the table reuses instead of made into a
    /// string, as a sheet's every cell gives its reference and most their type (a few characters each).
    /// </summary>
    private ((int Row, int Column)? Reference, string? Type, int Style) CellAttributes(XmlReader reader)
    {
        if (!reader.CanReadValueChunk)
            return (reader.GetAttribute("r") is { } r ? Reference(r) : null, reader.GetAttribute("t"),
                int.TryParse(reader.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var given) ? given : 0);
        (int Row, int Column)? reference = null;
        string? type = null;
        var style = 0;
        if (!reader.MoveToFirstAttribute()) return (reference, type, style);
        do
        {
            // As GetAttribute("r") finds them: by name, without a prefix.
            var name = reader.LocalName;
            if (reader.Prefix.Length != 0 || name is not ("r" or "t" or "s")) continue;
            var length = 0;
            int read;
            while ((read = reader.ReadValueChunk(_attribute, length, _attribute.Length - length)) > 0)
                if ((length += read) == _attribute.Length) Array.Resize(ref _attribute, 2 * length);
            var value = _attribute.AsSpan(0, length);
            if (name == "r") reference = Reference(value);
            // The types a cell may name, as constants (ReadCell compares them): only another spelling becomes a string.
            else if (name == "t") type = value switch { "s" => "s", "inlineStr" => "inlineStr", "str" => "str", "b" => "b", "e" => "e", "d" => "d", "n" => "n", _ => value.ToString() };
            else style = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var given) ? given : 0;
        }
        while (reader.MoveToNextAttribute());
        reader.MoveToElement();
        return (reference, type, style);
    }

    /// <summary>
    /// A date-formatted number: a serial day in the workbook's date system (1900 or 1904). A number that is no
    /// day stays a number, and the importer reports it in the column it was read for.
    /// </summary>
    private CellValue DateCell(double serial)
    {
        var epoch = _date1904 ? new DateOnly(1904, 1, 1) : new DateOnly(1899, 12, 30);
        var days = Math.Floor(serial);
        return days is < 1 or > 2_958_465 ? CellValue.FromNumber(serial) : CellValue.FromDate(epoch.AddDays((int)days));
    }

    public void Dispose() => _document.Dispose();
}
