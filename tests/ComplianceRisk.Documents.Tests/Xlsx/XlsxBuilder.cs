using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace ComplianceRisk.Documents.Tests.Xlsx;

/// <summary>
/// One cell as the sheet XML writes it: <c r=".." t=".." s=".."><f>..</f><v>..</v><is>..</is></c>.
/// The factories write what Excel writes; <see cref="Raw"/> and <see cref="At"/> write what it never would.
/// </summary>
internal sealed record Cell
{
    /// <summary>The t attribute (s, inlineStr, str, b, e, d), or none for a number.</summary>
    public string? Type { get; init; }
    /// <summary>The s attribute: a cellXfs index of <see cref="XlsxBuilder.Styles"/>.</summary>
    public string? Style { get; init; }
    /// <summary>The &lt;v&gt; text, as written (already formatted).</summary>
    public string? CachedValue { get; init; }
    /// <summary>The &lt;f&gt; text (the formula without '=').</summary>
    public string? FormulaText { get; init; }
    /// <summary>Inner XML of an &lt;is&gt; (inline string).</summary>
    public string? InlineXml { get; init; }
    /// <summary>Inner XML of a new shared string &lt;si&gt;; its index becomes the value.</summary>
    public string? SharedXml { get; init; }
    /// <summary>Column letters for the r attribute instead of the cell's position ("XFE").</summary>
    public string? Column { get; init; }
    /// <summary>The whole &lt;c&gt; element, written as is (no r attribute is added).</summary>
    public string? RawXml { get; init; }

    /// <summary>Text as Excel stores it: a shared string.</summary>
    public static Cell Text(string text) => new() { Type = "s", SharedXml = T(text) };
    /// <summary>A reference to shared string <paramref name="index"/>, whether it exists or not.</summary>
    public static Cell Shared(int index) => new() { Type = "s", CachedValue = index.ToString(CultureInfo.InvariantCulture) };
    /// <summary>Text stored in the cell itself (t="inlineStr").</summary>
    public static Cell Inline(string text) => new() { Type = "inlineStr", InlineXml = T(text) };
    /// <summary>A shared string in rich-text runs (the first run bold), with a phonetic guide that is not part of the text.</summary>
    public static Cell Rich(params string[] runs) => new() { Type = "s", SharedXml = Runs(runs) + "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh>" };
    /// <summary>An inline string in rich-text runs.</summary>
    public static Cell RichInline(params string[] runs) => new() { Type = "inlineStr", InlineXml = Runs(runs) };
    /// <summary>A number, optionally with a style (see <see cref="XlsxBuilder.Styles"/>).</summary>
    public static Cell Number(double value, int? style = null) => new() { CachedValue = Format(value), Style = style?.ToString(CultureInfo.InvariantCulture) };
    /// <summary>A number written as is (NaN, 1E+400, "12abc") with an optional style.</summary>
    public static Cell NumberText(string value, int? style = null) => new() { CachedValue = value, Style = style?.ToString(CultureInfo.InvariantCulture) };
    /// <summary>A real date: a serial day number formatted as a date (style 1, numFmtId 14).</summary>
    public static Cell Date(double serial) => Number(serial, XlsxBuilder.Styles.Date);
    /// <summary>A real date given as a calendar date, as a serial in the 1900 or 1904 date system.</summary>
    public static Cell Date(DateOnly date, bool date1904 = false, int style = XlsxBuilder.Styles.Date) =>
        Number(date.DayNumber - (date1904 ? new DateOnly(1904, 1, 1) : new DateOnly(1899, 12, 30)).DayNumber, style);
    public static Cell Bool(bool value) => new() { Type = "b", CachedValue = value ? "1" : "0" };
    /// <summary>A formula; <paramref name="cached"/> is its last calculated value (none: never calculated).</summary>
    public static Cell Formula(string formula, string? cached = null, string? type = "str") => new() { Type = type, FormulaText = formula, CachedValue = cached };
    /// <summary>An error value such as #N/A, #REF!, #DIV/0!.</summary>
    public static Cell Error(string error) => new() { Type = "e", CachedValue = error };
    /// <summary>An ISO 8601 date cell (t="d"), which Excel reads but rarely writes.</summary>
    public static Cell IsoDate(string value) => new() { Type = "d", CachedValue = value };
    /// <summary>The whole &lt;c&gt; element as given.</summary>
    public static Cell Raw(string xml) => new() { RawXml = xml };

    /// <summary>Puts the cell in another column than its position in the row (r="XFE7").</summary>
    public Cell At(string column) => this with { Column = column };
    public Cell WithStyle(int style) => this with { Style = style.ToString(CultureInfo.InvariantCulture) };
    public Cell WithStyle(string style) => this with { Style = style };

    public static implicit operator Cell(string text) => Text(text);
    public static implicit operator Cell(double value) => Number(value);

    internal static string T(string text) =>
        $"<t{(text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])) ? " xml:space=\"preserve\"" : "")}>{Escape(text)}</t>";
    private static string Runs(string[] runs) => string.Concat(runs.Select((r, i) => i == 0 ? $"<r><rPr><b/><sz val=\"11\"/></rPr>{T(r)}</r>" : $"<r>{T(r)}</r>"));
    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    internal static string Escape(string text) => SecurityElement.Escape(text);
}

/// <summary>A worksheet: rows of cells (null = no cell in that column), merges, visibility, raw XML.</summary>
internal sealed class SheetBuilder(string name)
{
    private readonly List<(int Number, Cell?[] Cells)> _rows = [];
    private readonly List<string> _merges = [];
    private int _next = 1;

    public string Name { get; } = name;
    /// <summary>visible, hidden or veryHidden.</summary>
    public string State { get; private set; } = "visible";
    public bool RowReferences { get; private set; } = true;
    public bool CellReferences { get; private set; } = true;
    public string? Dimension { get; private set; }
    public string? RawXml { get; private set; }

    /// <summary>The next row, numbered one after the previous one.</summary>
    public SheetBuilder Row(params Cell?[] cells) => RowAt(_next, cells);

    /// <summary>A row with an explicit number (r="…"): the rows in between are absent, as Excel leaves empty rows out.</summary>
    public SheetBuilder RowAt(int number, params Cell?[] cells)
    {
        _rows.Add((number, cells));
        _next = number + 1;
        return this;
    }

    public SheetBuilder Merge(string range) { _merges.Add(range); return this; }
    public SheetBuilder Hidden(bool veryHidden = false) { State = veryHidden ? "veryHidden" : "hidden"; return this; }
    /// <summary>Rows without r attributes (allowed: each row follows the previous one).</summary>
    public SheetBuilder WithoutRowReferences() { RowReferences = false; return this; }
    /// <summary>Cells without r attributes (allowed: each cell follows the previous one).</summary>
    public SheetBuilder WithoutCellReferences() { CellReferences = false; return this; }
    public SheetBuilder WithDimension(string reference) { Dimension = reference; return this; }
    /// <summary>The whole part, written as is.</summary>
    public SheetBuilder Xml(string xml) { RawXml = xml; return this; }

    internal string Render(Func<string, int> share)
    {
        if (RawXml is not null) return RawXml;
        var xml = new StringBuilder(XlsxBuilder.Declaration).Append($"<worksheet xmlns=\"{XlsxBuilder.MainNs}\" xmlns:r=\"{XlsxBuilder.RelNs}\">");
        if (Dimension is not null) xml.Append($"<dimension ref=\"{Dimension}\"/>");
        xml.Append("<sheetData>");
        foreach (var (number, cells) in _rows)
        {
            xml.Append(RowReferences ? $"<row r=\"{number}\">" : "<row>");
            for (var i = 0; i < cells.Length; i++)
                if (cells[i] is { } cell) xml.Append(RenderCell(cell, $"{cell.Column ?? Letters(i)}{number}", share));
            xml.Append("</row>");
        }
        xml.Append("</sheetData>");
        if (_merges.Count > 0)
            xml.Append($"<mergeCells count=\"{_merges.Count}\">").AppendJoin("", _merges.Select(m => $"<mergeCell ref=\"{m}\"/>")).Append("</mergeCells>");
        return xml.Append("</worksheet>").ToString();
    }

    private string RenderCell(Cell cell, string reference, Func<string, int> share)
    {
        if (cell.RawXml is not null) return cell.RawXml;
        var value = cell.SharedXml is not null ? share(cell.SharedXml).ToString(CultureInfo.InvariantCulture) : cell.CachedValue;
        var xml = new StringBuilder("<c");
        if (CellReferences || cell.Column is not null) xml.Append($" r=\"{reference}\"");
        if (cell.Style is not null) xml.Append($" s=\"{cell.Style}\"");
        if (cell.Type is not null) xml.Append($" t=\"{cell.Type}\"");
        xml.Append('>');
        if (cell.FormulaText is not null) xml.Append($"<f>{Cell.Escape(cell.FormulaText)}</f>");
        if (value is not null) xml.Append($"<v>{Cell.Escape(value)}</v>");
        if (cell.InlineXml is not null) xml.Append($"<is>{cell.InlineXml}</is>");
        return xml.Append("</c>").ToString();
    }

    /// <summary>A, B, … Z, AA … for a zero-based column.</summary>
    public static string Letters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }
}

/// <summary>
/// Writes an XLSX package by hand — [Content_Types].xml, _rels/.rels, xl/workbook.xml and its relationships,
/// xl/worksheets/sheetN.xml, xl/sharedStrings.xml, xl/styles.xml — so a test can make exactly the broken or
/// unusual package it needs: edit, replace, add or drop any entry, or stream a huge one.
/// <code>
/// var bytes = new XlsxBuilder().Sheet("Roster", s => s.Row("employee_id", "role").Row("E1", "dba")).Build();
/// </code>
/// </summary>
internal sealed class XlsxBuilder
{
    public const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    public const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    public const string PackageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
    public const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    public const string WorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    public const string MacroWorkbookType = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";

    /// <summary>The cellXfs of the generated styles part.</summary>
    public static class Styles
    {
        public const int General = 0;
        /// <summary>numFmtId 14, the built-in short date (m/d/yyyy).</summary>
        public const int Date = 1;
        /// <summary>A custom date format, yyyy-mm-dd (numFmtId 164).</summary>
        public const int CustomDate = 2;
        /// <summary>numFmtId 10, 0.00%.</summary>
        public const int Percent = 3;
        /// <summary>An elapsed-time format, [h]:mm (numFmtId 165): a number, not a date.</summary>
        public const int Duration = 4;
        /// <summary>000000 (numFmtId 166): a number shown with leading zeros, as an id column is often formatted.</summary>
        public const int ZeroPadded = 5;
        public const int Count = 6;
    }

    private readonly List<SheetBuilder> _sheets = [];
    private readonly List<(string Path, Action<Stream> Write, CompressionLevel Level)> _added = [];
    private readonly Dictionary<string, Func<byte[], byte[]>> _edits = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dropped = new(StringComparer.Ordinal);
    private CompressionLevel _level = CompressionLevel.Optimal;
    private bool _date1904;
    private bool _styles = true;
    private string _workbookType = WorkbookType;

    public XlsxBuilder Sheet(string name, Action<SheetBuilder> build)
    {
        var sheet = new SheetBuilder(name);
        build(sheet);
        _sheets.Add(sheet);
        return this;
    }

    /// <summary>A sheet of the given rows, numbered from 1.</summary>
    public XlsxBuilder Sheet(string name, params Cell?[][] rows) => Sheet(name, s => { foreach (var row in rows) s.Row(row); });

    /// <summary>A one-sheet workbook named "Roster" of the given rows.</summary>
    public static XlsxBuilder Roster(params Cell?[][] rows) => new XlsxBuilder().Sheet("Roster", rows);

    public XlsxBuilder Date1904() { _date1904 = true; return this; }
    /// <summary>How the generated parts are compressed (NoCompression: stored, so their bytes can be found and changed in the ZIP).</summary>
    public XlsxBuilder Compression(CompressionLevel level) { _level = level; return this; }
    public XlsxBuilder WithoutStyles() { _styles = false; return this; }
    /// <summary>The workbook part's content type, e.g. <see cref="MacroWorkbookType"/>.</summary>
    public XlsxBuilder WorkbookContentType(string contentType) { _workbookType = contentType; return this; }

    /// <summary>Rewrites a generated part's text (UTF-8), e.g. to slip a DTD in after the XML declaration.</summary>
    public XlsxBuilder Edit(string path, Func<string, string> edit) =>
        EditBytes(path, bytes => Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(bytes))));

    public XlsxBuilder EditBytes(string path, Func<byte[], byte[]> edit)
    {
        _edits[path] = _edits.TryGetValue(path, out var earlier) ? b => edit(earlier(b)) : edit;
        return this;
    }

    /// <summary>Replaces a generated part's bytes.</summary>
    public XlsxBuilder Replace(string path, byte[] bytes) => EditBytes(path, _ => bytes);
    public XlsxBuilder Replace(string path, string text) => Replace(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Adds an entry (after the generated ones).</summary>
    public XlsxBuilder Add(string path, byte[] bytes) => Add(path, s => s.Write(bytes));
    public XlsxBuilder Add(string path, string text) => Add(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Adds an entry written by streaming into it, so a huge entry never exists in memory.</summary>
    public XlsxBuilder Add(string path, Action<Stream> write, CompressionLevel level = CompressionLevel.Optimal)
    {
        _added.Add((path, write, level));
        return this;
    }

    /// <summary>Leaves a generated entry out of the package (its content type and relationship stay).</summary>
    public XlsxBuilder Drop(string path) { _dropped.Add(path); return this; }

    public byte[] Build()
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in Parts())
            {
                if (_dropped.Contains(path)) continue;
                var data = _edits.TryGetValue(path, out var edit) ? edit(bytes) : bytes;
                using var entry = zip.CreateEntry(path, _level).Open();
                entry.Write(data);
            }
            foreach (var (path, write, level) in _added)
            {
                using var entry = zip.CreateEntry(path, level).Open();
                write(entry);
            }
        }
        return output.ToArray();
    }

    /// <summary>The generated parts in the order Excel writes them.</summary>
    private IEnumerable<(string Path, byte[] Bytes)> Parts()
    {
        var strings = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int Share(string si)
        {
            if (!index.TryGetValue(si, out var i)) { index[si] = i = strings.Count; strings.Add(si); }
            return i;
        }
        var sheets = _sheets.Select(s => s.Render(Share)).ToList();
        var hasStrings = strings.Count > 0 || _edits.ContainsKey("xl/sharedStrings.xml");

        var types = new StringBuilder(Declaration).Append("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
            .Append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
            .Append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
            .Append("<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/>")
            .Append($"<Override PartName=\"/xl/workbook.xml\" ContentType=\"{_workbookType}\"/>");
        for (var i = 0; i < sheets.Count; i++)
            types.Append($"<Override PartName=\"/xl/worksheets/sheet{i + 1}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        if (_styles) types.Append("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        if (hasStrings) types.Append("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>");
        yield return ("[Content_Types].xml", Utf8(types.Append("</Types>")));

        yield return ("_rels/.rels", Utf8(new StringBuilder(Declaration).Append($"<Relationships xmlns=\"{PackageRelNs}\">")
            .Append($"<Relationship Id=\"rId1\" Type=\"{RelNs}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")));

        var workbook = new StringBuilder(Declaration).Append($"<workbook xmlns=\"{MainNs}\" xmlns:r=\"{RelNs}\">")
            .Append(_date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr defaultThemeVersion=\"166925\"/>").Append("<sheets>");
        for (var i = 0; i < _sheets.Count; i++)
            workbook.Append($"<sheet name=\"{Cell.Escape(_sheets[i].Name)}\" sheetId=\"{i + 1}\"{(_sheets[i].State == "visible" ? "" : $" state=\"{_sheets[i].State}\"")} r:id=\"rId{i + 1}\"/>");
        yield return ("xl/workbook.xml", Utf8(workbook.Append("</sheets></workbook>")));

        var rels = new StringBuilder(Declaration).Append($"<Relationships xmlns=\"{PackageRelNs}\">");
        for (var i = 0; i < sheets.Count; i++)
            rels.Append($"<Relationship Id=\"rId{i + 1}\" Type=\"{RelNs}/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>");
        if (_styles) rels.Append($"<Relationship Id=\"rId{sheets.Count + 1}\" Type=\"{RelNs}/styles\" Target=\"styles.xml\"/>");
        if (hasStrings) rels.Append($"<Relationship Id=\"rId{sheets.Count + 2}\" Type=\"{RelNs}/sharedStrings\" Target=\"sharedStrings.xml\"/>");
        yield return ("xl/_rels/workbook.xml.rels", Utf8(rels.Append("</Relationships>")));

        for (var i = 0; i < sheets.Count; i++) yield return ($"xl/worksheets/sheet{i + 1}.xml", Encoding.UTF8.GetBytes(sheets[i]));

        if (_styles)
            yield return ("xl/styles.xml", Utf8(new StringBuilder(Declaration).Append($"<styleSheet xmlns=\"{MainNs}\">")
                .Append("<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/><numFmt numFmtId=\"165\" formatCode=\"[h]:mm\"/><numFmt numFmtId=\"166\" formatCode=\"000000\"/></numFmts>")
                .Append("<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>")
                .Append("<fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>")
                .Append("<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>")
                .Append("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>")
                .Append($"<cellXfs count=\"{Styles.Count}\">")
                .Append("<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>")
                .Append("<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>")
                .Append("<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>")
                .Append("<xf numFmtId=\"10\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>")
                .Append("<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>")
                .Append("<xf numFmtId=\"166\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>")
                .Append("</cellXfs></styleSheet>")));

        if (hasStrings)
            yield return ("xl/sharedStrings.xml", Utf8(new StringBuilder(Declaration)
                .Append($"<sst xmlns=\"{MainNs}\" count=\"{strings.Count}\" uniqueCount=\"{strings.Count}\">")
                .AppendJoin("", strings.Select(s => $"<si>{s}</si>")).Append("</sst>")));
    }

    private static byte[] Utf8(StringBuilder text) => Encoding.UTF8.GetBytes(text.ToString());

    /// <summary>Inserts text right after a part's XML declaration (where a DOCTYPE goes).</summary>
    public static string AfterDeclaration(string xml, string insert) =>
        xml.StartsWith("<?xml", StringComparison.Ordinal) ? xml.Insert(xml.IndexOf("?>", StringComparison.Ordinal) + 2, insert) : insert + xml;
}

/// <summary>
/// Byte-level changes to a finished ZIP that ZipArchive will not make: sizes and methods in the headers,
/// damaged data. Both the local header and the central directory record are changed.
/// </summary>
internal static class ZipSurgery
{
    private const uint CentralSignature = 0x02014b50, EndSignature = 0x06054b50;

    /// <summary>A ZIP of the given entries (no content types, no workbook: whatever the test needs).</summary>
    public static byte[] Zip(params (string Path, string Text)[] entries)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, text) in entries)
            {
                using var entry = zip.CreateEntry(path).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        return output.ToArray();
    }

    public sealed record EntryInfo(string Name, int CentralOffset, int LocalOffset, int DataOffset, int CompressedSize, int Method);

    public static List<EntryInfo> Entries(byte[] zip)
    {
        var end = -1;
        for (var i = zip.Length - 22; i >= 0; i--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == EndSignature) { end = i; break; }
        if (end < 0) throw new InvalidOperationException("no end of central directory");
        int count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10));
        var at = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));
        var entries = new List<EntryInfo>();
        for (var n = 0; n < count; n++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) != CentralSignature) throw new InvalidOperationException("bad central directory");
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 30));
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 32));
            var local = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at + 42));
            var name = Encoding.UTF8.GetString(zip, at + 46, nameLength);
            int localName = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(local + 26));
            int localExtra = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(local + 28));
            entries.Add(new EntryInfo(name, at, local, local + 30 + localName + localExtra,
                (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at + 20)), BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 10))));
            at += 46 + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    private static EntryInfo Find(byte[] zip, string name) =>
        Entries(zip).SingleOrDefault(e => e.Name == name) ?? throw new InvalidOperationException($"no entry {name}");

    /// <summary>A copy of the ZIP with one field of an entry's local header and central directory record set to the same value.</summary>
    private static byte[] SetField(byte[] zip, string name, int centralAt, int localAt, Action<Span<byte>> write)
    {
        var copy = (byte[])zip.Clone();
        var entry = Find(copy, name);
        write(copy.AsSpan(entry.CentralOffset + centralAt));
        write(copy.AsSpan(entry.LocalOffset + localAt));
        return copy;
    }

    /// <summary>Declares another uncompressed size for an entry than the data really expands to.</summary>
    public static byte[] DeclareUncompressedSize(byte[] zip, string name, uint size) =>
        SetField(zip, name, 24, 22, field => BinaryPrimitives.WriteUInt32LittleEndian(field, size));

    /// <summary>Declares another CRC-32 for an entry than its data has (the data itself untouched).</summary>
    public static byte[] SetCrc32(byte[] zip, string name, uint crc) =>
        SetField(zip, name, 16, 14, field => BinaryPrimitives.WriteUInt32LittleEndian(field, crc));

    /// <summary>The CRC-32 an entry's directory record declares.</summary>
    public static uint Crc32Of(byte[] zip, string name) => BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(Find(zip, name).CentralOffset + 16));

    /// <summary>Sets the compression method field (8 deflate, 0 stored, 9 deflate64, 12 bzip2, 14 LZMA, 99 AES).</summary>
    public static byte[] SetMethod(byte[] zip, string name, ushort method) =>
        SetField(zip, name, 10, 8, field => BinaryPrimitives.WriteUInt16LittleEndian(field, method));

    /// <summary>Sets the general-purpose flag bits (bit 0: encrypted).</summary>
    public static byte[] SetFlags(byte[] zip, string name, ushort flags) =>
        SetField(zip, name, 8, 6, field => BinaryPrimitives.WriteUInt16LittleEndian(field, flags));

    /// <summary>Overwrites an entry's compressed data from <paramref name="from"/> (a fraction of it) onward with seeded noise.</summary>
    public static byte[] DamageData(byte[] zip, string name, double from = 0.5, int seed = 7)
    {
        var copy = (byte[])zip.Clone();
        var entry = Find(copy, name);
        var start = entry.DataOffset + (int)(entry.CompressedSize * from);
        new Random(seed).NextBytes(copy.AsSpan(start, entry.DataOffset + entry.CompressedSize - start));
        return copy;
    }

    /// <summary>Changes text inside a stored (uncompressed) entry's data, same length, leaving its CRC-32 as it was.</summary>
    public static byte[] ChangeStoredText(byte[] zip, string name, string from, string to)
    {
        if (from.Length != to.Length) throw new ArgumentException("same length only");
        var copy = (byte[])zip.Clone();
        var entry = Find(copy, name);
        if (entry.Method != 0) throw new InvalidOperationException($"{name} is not stored");
        var data = copy.AsSpan(entry.DataOffset, entry.CompressedSize);
        var at = data.IndexOf(Encoding.UTF8.GetBytes(from));
        if (at < 0) throw new InvalidOperationException($"{from} not in {name}");
        Encoding.UTF8.GetBytes(to).CopyTo(data[at..]);
        return copy;
    }
}
