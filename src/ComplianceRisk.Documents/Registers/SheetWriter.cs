using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.RegularExpressions;
using ComplianceRisk.Documents.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// One cell to write: a value (string or StringBuilder → text, int/double → number, DateOnly → date serial, null
/// → an empty styled cell) and a style index of <see cref="RegisterStyles"/>. Text is never a formula: a value
/// such as <c>=HYPERLINK(…)</c> is stored as text, whatever it looks like.
/// </summary>
internal readonly record struct XCell(object? Value, uint Style = RegisterStyles.Text, int Span = 1)
{
    /// <summary>A number; the small ones (scores, levels, counts) share their boxes instead of making one per cell.</summary>
    public XCell(int number, uint style = RegisterStyles.Text, int span = 1) : this((uint)number < (uint)SmallNumbers.Length ? SmallNumbers[number] : number, style, span)
    {
    }

    private static readonly object[] SmallNumbers = [.. Enumerable.Range(0, 1024).Select(n => (object)n)];

    public static implicit operator XCell(string? text) => new(text);
}

/// <summary>The workbook's shared-string table; indices follow first use, so the same workbook gives the same table.</summary>
internal sealed partial class SharedStrings
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _items = [];
    public const int MaxCellText = 32767;

    public int Add(string text)
    {
        text = Clean(text);
        if (_index.TryGetValue(text, out var i)) return i;
        _index[text] = _items.Count;
        _items.Add(text);
        return _items.Count - 1;
    }

    public int Count { get; private set; }
    public void Used() => Count++;

    /// <summary>Removes what XML 1.0 cannot carry, escapes literal <c>_xHHHH_</c> (which Excel would decode) and caps the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Clean(string text)
    {
        // Nearly every text is already clean: say so with vectorized scans before looking at single characters.
        if (text.Length <= MaxCellText && IsPlain(text) && !text.Contains("_x", StringComparison.Ordinal)) return text;
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (!ok) builder ??= new StringBuilder(text, 0, i, text.Length);
            if (builder is not null) builder.Append(ok ? c : '\uFFFD');
        }
        var clean = builder?.ToString() ?? text;
        if (clean.Contains("_x", StringComparison.Ordinal)) clean = EscapePattern().Replace(clean, "_x005F$0");
        if (clean.Length > MaxCellText) clean = clean[..(MaxCellText - 1)] + "…";
        return clean;
    }

    /// <summary>True when every character is one XML 1.0 carries as it is: no control character but TAB, LF and CR, no surrogate, no U+FFFE or U+FFFF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsPlain(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var i = text.IndexOfAnyExceptInRange('\u0020', '\uD7FF');
            if (i < 0) return true;
            var c = text[i];
            if (c is not ('\t' or '\n' or '\r') && c is < '\uE000' or > '\uFFFD') return false;
            text = text[(i + 1)..];
        }
    }

    [GeneratedRegex("_x[0-9A-Fa-f]{4}_")]
    private static partial Regex EscapePattern();

    public void WriteTo(SharedStringTablePart part)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new SharedStringTable(), [new OpenXmlAttribute("count", "", Count.ToString(CultureInfo.InvariantCulture)), new OpenXmlAttribute("uniqueCount", "", _items.Count.ToString(CultureInfo.InvariantCulture))]);
        foreach (var item in _items)
        {
            var text = new Text(item);
            if (item.Length > 0 && (char.IsWhiteSpace(item[0]) || char.IsWhiteSpace(item[^1]))) text.Space = SpaceProcessingModeValues.Preserve;
            writer.WriteElement(new SharedStringItem(text));
        }
        writer.WriteEndElement();
    }
}

/// <summary>Page and view settings of one sheet.</summary>
internal sealed record SheetLayout
{
    /// <summary>Column widths in characters, from column A.</summary>
    public required double[] Widths { get; init; }
    public int FreezeRows { get; init; }
    public bool Landscape { get; init; }
    /// <summary>Fit all columns on the page width (pages run down as far as needed).</summary>
    public bool FitToWidth { get; init; } = true;
    /// <summary>Fit the whole sheet on one page.</summary>
    public bool FitToPage { get; init; }
    public bool GridLines { get; init; }
    public string? TabColor { get; init; }
    /// <summary>Letter (1) or Tabloid (3).</summary>
    public uint PaperSize { get; init; } = 1;
    /// <summary>The footer, header/footer codes and all, its text already cleaned (<see cref="SharedStrings.Clean"/>).</summary>
    public string Footer { get; init; } = "";
}

/// <summary>
/// Streams one worksheet as SpreadsheetML: the sheet's settings first, then rows as they are added, then merges,
/// conditional formats, page setup and table parts. Rows never sit in memory as a DOM. The markup is spelled out
/// into a UTF-8 buffer (<see cref="Utf8Markup"/>): a register of 100k risks is two million cells, and a cell
/// object plus an <see cref="OpenXmlWriter"/> call per cell cost several times the deflate of the part. Text goes
/// to the shared-string table, or, for sheets that grow with the assessment, inline into the cell
/// (<c>t="inlineStr"</c>), so that no table of every text in the register is held until the end. Either way text
/// is always a string cell, never a formula.
/// </summary>
internal sealed class SheetWriter : IDisposable
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly Stream? _owned;
    private readonly Utf8Markup _xml;
    private readonly SharedStrings? _strings;
    private readonly SheetLayout _layout;
    private readonly List<string> _merges = [];
    private readonly List<string> _conditional = [];
    private readonly List<string> _tableParts = [];
    private int _priority;

    public uint NextRow { get; private set; } = 1;

    /// <summary>Writes into the part (through the SDK's package), text to <paramref name="strings"/>.</summary>
    public SheetWriter(WorksheetPart part, SharedStrings strings, SheetLayout layout)
        : this(part.GetStream(FileMode.Create, FileAccess.Write), owned: true, strings, layout)
    {
    }

    /// <summary>Writes into <paramref name="output"/> (left open), text inline.</summary>
    public SheetWriter(Stream output, SheetLayout layout)
        : this(output, owned: false, null, layout)
    {
    }

    private SheetWriter(Stream output, bool owned, SharedStrings? strings, SheetLayout layout)
    {
        _owned = owned ? output : null;
        _xml = new Utf8Markup(output);
        _strings = strings;
        _layout = layout;
        var x = _xml;
        x.Raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"u8);
        x.Raw($"<worksheet xmlns=\"{Main}\" xmlns:r=\"{Relationships}\"><sheetPr>");
        if (layout.TabColor is { } tab) x.Raw($"<tabColor rgb=\"FF{tab}\"/>");
        x.Raw("<pageSetUpPr fitToPage=\"1\"/></sheetPr><sheetViews>"u8);
        x.Raw($"<sheetView showGridLines=\"{(layout.GridLines ? 1 : 0)}\" zoomScale=\"100\" workbookViewId=\"0\"");
        if (layout.FreezeRows > 0)
        {
            var top = $"A{layout.FreezeRows + 1}";
            x.Raw($"><pane ySplit=\"{layout.FreezeRows}\" topLeftCell=\"{top}\" activePane=\"bottomLeft\" state=\"frozen\"/>");
            x.Raw($"<selection pane=\"bottomLeft\" activeCell=\"{top}\" sqref=\"{top}\"/></sheetView>");
        }
        else x.Raw("/>"u8);
        x.Raw("</sheetViews><sheetFormatPr defaultRowHeight=\"13.8\"/>"u8);
        if (layout.Widths.Length > 0)
        {
            x.Raw("<cols>"u8);
            for (var i = 0; i < layout.Widths.Length; i++)
                x.Raw(string.Create(CultureInfo.InvariantCulture, $"<col min=\"{i + 1}\" max=\"{i + 1}\" width=\"{layout.Widths[i]}\" customWidth=\"1\"/>"));
            x.Raw("</cols>"u8);
        }
        x.Raw("<sheetData>"u8);
    }

    /// <summary>Writes a row from column A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public uint Row(params XCell[] cells) => RowAt(1, null, cells);

    /// <summary>Writes a row whose first cell is in <paramref name="column"/> (1 = A), with an optional height in points.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public uint RowAt(int column, double? height, params XCell[] cells)
    {
        var index = NextRow++;
        // The row number as text once, for the row and each of its cells' references.
        Span<byte> number = stackalloc byte[10];
        Utf8Formatter.TryFormat(index, number, out var digits);
        number = number[..digits];
        _xml.Raw("<row r=\""u8);
        _xml.Raw(number);
        height ??= EstimateHeight(column, cells);
        if (height is { } h)
        {
            _xml.Raw("\" ht=\""u8);
            // Heights are whole or tenths of points (EstimateHeight rounds them so): written without a format string.
            var tenths = Math.Round(h * 10);
            if (Math.Abs(tenths - h * 10) < 1e-6 && tenths is >= 0 and < 100_000)
            {
                _xml.Number((long)tenths / 10);
                if ((long)tenths % 10 != 0)
                {
                    _xml.Raw((byte)'.');
                    _xml.Raw((byte)('0' + (long)tenths % 10));
                }
            }
            else _xml.Number(h, "0.##");
            _xml.Raw("\" customHeight=\"1"u8);
        }
        _xml.Raw("\">"u8);
        var at = column;
        foreach (var cell in cells)
        {
            WriteCell(at, number, cell);
            for (var extra = 1; extra < cell.Span; extra++) WriteCell(at + extra, number, new XCell(null, cell.Style));
            if (cell.Span > 1) Merge(at, index, at + cell.Span - 1, index);
            at += Math.Max(1, cell.Span);
        }
        _xml.Raw("</row>"u8);
        return index;
    }

    // Characters per width unit and line height (points) of the styles that wrap. Neither Excel nor LibreOffice
    // sizes rows to wrapped text when it opens a file, so every row gets the height its text needs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double PerUnit, double Line)? Wrapping(uint style) => style switch
    {
        RegisterStyles.Text or RegisterStyles.TextCenter or RegisterStyles.LabelValue => (1.2, 12.4),
        RegisterStyles.Label => (1.1, 12.4),
        RegisterStyles.Note => (1.35, 11.4),
        RegisterStyles.Paragraph => (1.2, 12.8),
        RegisterStyles.Mono => (0.95, 11.4),
        RegisterStyles.Header or RegisterStyles.HeaderCenter or RegisterStyles.AxisLabel or RegisterStyles.AxisTitle => (1.05, 12.4),
        _ => null,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double? EstimateHeight(int column, XCell[] cells)
    {
        double height = 0;
        var at = column;
        foreach (var cell in cells)
        {
            var span = Math.Max(1, cell.Span);
            if (cell.Value is string or StringBuilder && Wrapping(cell.Style) is { } wrap && Chars(cell.Value) is { Length: > 0 } text)
            {
                double width = 0;
                for (var c = at; c < at + span; c++) width += c - 1 < _layout.Widths.Length ? _layout.Widths[c - 1] : 9;
                var perLine = Math.Max(4, Math.Floor(width * wrap.PerUnit) - 1);
                height = Math.Max(height, Lines(text, perLine) * wrap.Line + 4);
            }
            at += span;
        }
        return height <= 17 ? null : Math.Min(409, Math.Round(height, 1));
    }

    /// <summary>Lines the text wraps to: each paragraph (split at LF) at least one, long ones as many as they fill.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Lines(ReadOnlySpan<char> text, double perLine)
    {
        // The line feeds are looked for sixteen (or eight) characters at a time, for the reason Utf8Markup gives.
        ref var source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var lineFeed = Vector128.Create((ushort)'\n');
        var n = text.Length;
        var lines = 0;
        var start = 0;
        var i = 0;
        while (true)
        {
            var end = -1;
            if (Vector256.IsHardwareAccelerated)
            {
                var lineFeeds = Vector256.Create((ushort)'\n');
                for (; i + 16 <= n; i += 16)
                {
                    var found = Vector256.Equals(Vector256.LoadUnsafe(ref source, (nuint)i), lineFeeds).ExtractMostSignificantBits();
                    if (found != 0)
                    {
                        end = i + BitOperations.TrailingZeroCount(found);
                        break;
                    }
                }
            }
            for (; end < 0 && i + 8 <= n; i += 8)
            {
                var found = Vector128.Equals(Vector128.LoadUnsafe(ref source, (nuint)i), lineFeed).ExtractMostSignificantBits();
                if (found != 0)
                {
                    end = i + BitOperations.TrailingZeroCount(found);
                    break;
                }
            }
            if (end < 0)
                for (; i < n; i++)
                    if (text[i] == '\n')
                    {
                        end = i;
                        break;
                    }
            lines += Math.Max(1, (int)Math.Ceiling(((end < 0 ? n : end) - start) / perLine));
            if (end < 0) return lines;
            start = i = end + 1;
        }
    }

    /// <summary>Leaves <paramref name="rows"/> blank rows.</summary>
    public void Skip(int rows = 1) => NextRow += (uint)rows;

    public void Merge(int fromColumn, uint fromRow, int toColumn, uint toRow) =>
        _merges.Add($"{Reference(fromColumn, fromRow)}:{Reference(toColumn, toRow)}");

    /// <summary>Colours cells in <paramref name="range"/> whose text equals one of the ratings with the rating's fill.</summary>
    public void RatingColours(string range)
    {
        var formatting = new StringBuilder($"<conditionalFormatting sqref=\"{range}\">");
        foreach (var rating in Enum.GetValues<Engine.Catalogs.RiskRating>().Reverse())
        {
            formatting.Append(CultureInfo.InvariantCulture,
                $"<cfRule type=\"cellIs\" dxfId=\"{RegisterStyles.DxfLow + (uint)rating}\" priority=\"{++_priority}\" operator=\"equal\"><formula>\"{rating}\"</formula></cfRule>");
        }
        _conditional.Add(formatting.Append("</conditionalFormatting>").ToString());
    }

    /// <summary>Shades every other row of <paramref name="range"/> (it follows sorting and filtering).</summary>
    public void Banding(string range, uint firstRow)
    {
        _conditional.Add(string.Create(CultureInfo.InvariantCulture,
            $"<conditionalFormatting sqref=\"{range}\"><cfRule type=\"expression\" dxfId=\"{RegisterStyles.DxfBand}\" priority=\"{100 + ++_priority}\"><formula>MOD(ROW(),2)={(firstRow + 1) % 2}</formula></cfRule></conditionalFormatting>"));
    }

    public void TablePart(string relationshipId) => _tableParts.Add(relationshipId);

    private static readonly DateOnly Epoch = new(1899, 12, 30);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteCell(int column, ReadOnlySpan<byte> row, XCell cell)
    {
        var x = _xml;
        x.Raw("<c r=\""u8);
        x.Raw(ColumnName(column));
        x.Raw(row);
        if (cell.Style != 0)
        {
            x.Raw("\" s=\""u8);
            if (cell.Style < StyleNumbers.Length) x.Raw(StyleNumbers[cell.Style]);
            else x.Number(cell.Style);
        }
        switch (cell.Value)
        {
            case null:
            case double d when !double.IsFinite(d):
                x.Raw("\"/>"u8);
                break;
            case string or StringBuilder:
                String(cell.Value);
                break;
            case bool flag:
                String(flag ? "Yes" : "No");
                break;
            case DateOnly date:
                x.Raw("\"><v>"u8);
                x.Number(date.DayNumber - Epoch.DayNumber);
                x.Raw("</v></c>"u8);
                break;
            case int number:
                x.Raw("\"><v>"u8);
                x.Number(number);
                x.Raw("</v></c>"u8);
                break;
            case double number:
                x.Raw("\"><v>"u8);
                x.Number(number);
                x.Raw("</v></c>"u8);
                break;
            default:
                throw new ArgumentException($"Unsupported cell value {cell.Value.GetType()}");
        }
    }

    /// <summary>A string cell (the rest of the <c>c</c> element after its style): shared or inline, never a formula.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void String(object value)
    {
        var x = _xml;
        if (_strings is not null)
        {
            x.Raw("\" t=\"s\"><v>"u8);
            x.Number(_strings.Add(value.ToString()!));
            _strings.Used();
            x.Raw("</v></c>"u8);
            return;
        }
        var text = Chars(value);
        // Cleaning keeps the first and last characters' whitespace (it replaces only what XML cannot carry).
        x.Raw(text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
            ? "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"u8
            : "\" t=\"inlineStr\"><is><t>"u8);
        // Past Excel's cell limit the text is cut, as the shared strings cut it (Clean).
        if (text.Length > SharedStrings.MaxCellText || !x.Text(text)) WriteCleaned(value.ToString()!);
        x.Raw("</t></is></c>"u8);
    }

    /// <summary>Text as XML carries it: as it is when it can be (nearly always), otherwise cleaned first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteText(string text)
    {
        if (!_xml.Text(text)) WriteCleaned(text);
    }

    private void WriteCleaned(string text) => WriteClean(SharedStrings.Clean(text));

    /// <summary>Text already cleaned (<see cref="SharedStrings.Clean"/>), written as it is: cleaning it again would escape its escapes.</summary>
    private void WriteClean(string cleaned)
    {
        if (!_xml.Text(cleaned, clean: true))
            throw new InvalidOperationException("cleaned text was refused by the markup writer");
    }

    /// <summary>The characters of a string, or of a StringBuilder without copying them when they sit in one chunk (a reused builder's do).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<char> Chars(object value)
    {
        if (value is string text) return text;
        var builder = (StringBuilder)value;
        ReadOnlyMemory<char> only = default;
        var chunks = 0;
        foreach (var chunk in builder.GetChunks())
        {
            if (chunk.Length == 0) continue;
            only = chunk;
            chunks++;
        }
        return chunks <= 1 ? only.Span : builder.ToString();
    }

    public static string Reference(int column, uint row) => Column(column) + row.ToString(CultureInfo.InvariantCulture);

    public static string Column(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26) name = (char)('A' + (column - 1) % 26) + name;
        return name;
    }

    // Style indices and column letters as bytes, for every style and for the columns registers use (the competency
    // matrix is the widest), so a cell's reference and style cost no formatting.
    private static readonly byte[][] StyleNumbers = [.. Enumerable.Range(0, 64).Select(n => Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture)))];

    private static readonly byte[][] ColumnNames = [.. Enumerable.Range(0, 256).Select(c => Encoding.ASCII.GetBytes(Column(c)))];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<byte> ColumnName(int column) =>
        column < ColumnNames.Length ? ColumnNames[column] : Encoding.ASCII.GetBytes(Column(column));

    public void Dispose()
    {
        var x = _xml;
        x.Raw("</sheetData>"u8);
        if (_merges.Count > 0)
        {
            x.Raw($"<mergeCells count=\"{_merges.Count}\">");
            foreach (var merge in _merges) x.Raw($"<mergeCell ref=\"{merge}\"/>");
            x.Raw("</mergeCells>"u8);
        }
        foreach (var formatting in _conditional) x.Raw(formatting);
        x.Raw("<printOptions horizontalCentered=\"1\"/><pageMargins left=\"0.4\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"u8);
        x.Raw($"<pageSetup paperSize=\"{_layout.PaperSize}\" orientation=\"{(_layout.Landscape ? "landscape" : "portrait")}\" fitToWidth=\"1\" fitToHeight=\"{(_layout.FitToPage ? 1 : 0)}\"/>");
        if (_layout.Footer.Length > 0)
        {
            // The footer names the organization: input data, cleaned once where the footer is made (its length is
            // counted there, against Excel's limit), so written as it is: cleaning it again would escape its escapes.
            x.Raw("<headerFooter><oddFooter>"u8);
            WriteClean(_layout.Footer);
            x.Raw("</oddFooter></headerFooter>"u8);
        }
        if (_tableParts.Count > 0)
        {
            x.Raw($"<tableParts count=\"{_tableParts.Count}\">");
            foreach (var id in _tableParts) x.Raw($"<tablePart r:id=\"{id}\"/>");
            x.Raw("</tableParts>"u8);
        }
        x.Raw("</worksheet>"u8);
        x.Dispose();
        _owned?.Dispose();
    }
}
