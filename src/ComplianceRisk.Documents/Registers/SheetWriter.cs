using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// One cell to write: a value (string → shared string, int/double → number, DateOnly → date serial, null →
/// an empty styled cell) and a style index of <see cref="RegisterStyles"/>. Strings are never formulas:
/// a value such as <c>=HYPERLINK(…)</c> is stored as text, whatever it looks like.
/// </summary>
internal readonly record struct XCell(object? Value, uint Style = RegisterStyles.Text, int Span = 1)
{
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
    public static string Clean(string text)
    {
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
    public string Footer { get; init; } = "";
}

/// <summary>
/// Streams one worksheet with <see cref="OpenXmlWriter"/>: the sheet's settings first, then rows as they are
/// added, then merges, conditional formats, page setup and table parts. Rows never sit in memory as a DOM.
/// </summary>
internal sealed class SheetWriter : IDisposable
{
    private readonly OpenXmlWriter _writer;
    private readonly SharedStrings _strings;
    private readonly SheetLayout _layout;
    private readonly List<string> _merges = [];
    private readonly List<ConditionalFormatting> _conditional = [];
    private readonly List<string> _tableParts = [];
    private int _priority;

    public uint NextRow { get; private set; } = 1;

    public SheetWriter(WorksheetPart part, SharedStrings strings, SheetLayout layout)
    {
        _strings = strings;
        _layout = layout;
        _writer = OpenXmlWriter.Create(part);
        _writer.WriteStartElement(new Worksheet(), [], [new KeyValuePair<string, string>("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")]);

        var properties = new SheetProperties();
        if (layout.TabColor is { } tab) properties.Append(new TabColor { Rgb = "FF" + tab });
        properties.Append(new PageSetupProperties { FitToPage = true });
        _writer.WriteElement(properties);

        var view = new SheetView { WorkbookViewId = 0, ShowGridLines = layout.GridLines, ZoomScale = 100 };
        if (layout.FreezeRows > 0)
        {
            var top = $"A{layout.FreezeRows + 1}";
            view.Append(new Pane { VerticalSplit = layout.FreezeRows, TopLeftCell = top, ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
            view.Append(new Selection { Pane = PaneValues.BottomLeft, ActiveCell = top, SequenceOfReferences = new ListValue<StringValue> { InnerText = top } });
        }
        _writer.WriteElement(new SheetViews(view));
        _writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 13.8 });

        var columns = new Columns();
        for (var i = 0; i < layout.Widths.Length; i++)
            columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = layout.Widths[i], CustomWidth = true });
        if (columns.HasChildren) _writer.WriteElement(columns);
        _writer.WriteStartElement(new SheetData());
    }

    /// <summary>Writes a row from column A.</summary>
    public uint Row(params XCell[] cells) => RowAt(1, null, cells);

    /// <summary>Writes a row whose first cell is in <paramref name="column"/> (1 = A), with an optional height in points.</summary>
    public uint RowAt(int column, double? height, params XCell[] cells)
    {
        var index = NextRow++;
        var attributes = new List<OpenXmlAttribute> { new("r", "", index.ToString(CultureInfo.InvariantCulture)) };
        height ??= EstimateHeight(column, cells);
        if (height is { } h)
        {
            attributes.Add(new("ht", "", h.ToString("0.##", CultureInfo.InvariantCulture)));
            attributes.Add(new("customHeight", "", "1"));
        }
        _writer.WriteStartElement(new Row(), attributes);
        var at = column;
        foreach (var cell in cells)
        {
            WriteCell(Reference(at, index), cell);
            for (var extra = 1; extra < cell.Span; extra++) WriteCell(Reference(at + extra, index), new XCell(null, cell.Style));
            if (cell.Span > 1) Merge(at, index, at + cell.Span - 1, index);
            at += Math.Max(1, cell.Span);
        }
        _writer.WriteEndElement();
        return index;
    }

    // Characters per width unit and line height (points) of the styles that wrap. Neither Excel nor LibreOffice
    // sizes rows to wrapped text when it opens a file, so every row gets the height its text needs.
    private static readonly Dictionary<uint, (double PerUnit, double Line)> Wrapping = new()
    {
        [RegisterStyles.Text] = (1.2, 12.4), [RegisterStyles.TextCenter] = (1.2, 12.4), [RegisterStyles.Label] = (1.1, 12.4),
        [RegisterStyles.LabelValue] = (1.2, 12.4), [RegisterStyles.Note] = (1.35, 11.4), [RegisterStyles.Paragraph] = (1.2, 12.8),
        [RegisterStyles.Mono] = (0.95, 11.4), [RegisterStyles.Header] = (1.05, 12.4), [RegisterStyles.HeaderCenter] = (1.05, 12.4),
        [RegisterStyles.AxisLabel] = (1.05, 12.4), [RegisterStyles.AxisTitle] = (1.05, 12.4),
    };

    private double? EstimateHeight(int column, XCell[] cells)
    {
        double height = 0;
        var at = column;
        foreach (var cell in cells)
        {
            var span = Math.Max(1, cell.Span);
            if (cell.Value is string text && text.Length > 0 && Wrapping.TryGetValue(cell.Style, out var wrap))
            {
                double width = 0;
                for (var c = at; c < at + span; c++) width += c - 1 < _layout.Widths.Length ? _layout.Widths[c - 1] : 9;
                var perLine = Math.Max(4, Math.Floor(width * wrap.PerUnit) - 1);
                var lines = 0;
                foreach (var paragraph in text.Split('\n')) lines += Math.Max(1, (int)Math.Ceiling(paragraph.Length / perLine));
                height = Math.Max(height, lines * wrap.Line + 4);
            }
            at += span;
        }
        return height <= 17 ? null : Math.Min(409, Math.Round(height, 1));
    }

    /// <summary>Leaves <paramref name="rows"/> blank rows.</summary>
    public void Skip(int rows = 1) => NextRow += (uint)rows;

    public void Merge(int fromColumn, uint fromRow, int toColumn, uint toRow) =>
        _merges.Add($"{Reference(fromColumn, fromRow)}:{Reference(toColumn, toRow)}");

    /// <summary>Colours cells in <paramref name="range"/> whose text equals one of the ratings with the rating's fill.</summary>
    public void RatingColours(string range)
    {
        var formatting = new ConditionalFormatting { SequenceOfReferences = new ListValue<StringValue> { InnerText = range } };
        foreach (var rating in Enum.GetValues<Engine.Catalogs.RiskRating>().Reverse())
        {
            formatting.Append(new ConditionalFormattingRule(new Formula($"\"{rating}\""))
            {
                Type = ConditionalFormatValues.CellIs, Operator = ConditionalFormattingOperatorValues.Equal,
                FormatId = RegisterStyles.DxfLow + (uint)rating, Priority = ++_priority,
            });
        }
        _conditional.Add(formatting);
    }

    /// <summary>Shades every other row of <paramref name="range"/> (it follows sorting and filtering).</summary>
    public void Banding(string range, uint firstRow)
    {
        var formatting = new ConditionalFormatting { SequenceOfReferences = new ListValue<StringValue> { InnerText = range } };
        formatting.Append(new ConditionalFormattingRule(new Formula($"MOD(ROW(),2)={(firstRow + 1) % 2}"))
        {
            Type = ConditionalFormatValues.Expression, FormatId = RegisterStyles.DxfBand, Priority = 100 + ++_priority,
        });
        _conditional.Add(formatting);
    }

    public void TablePart(string relationshipId) => _tableParts.Add(relationshipId);

    private void WriteCell(string reference, XCell cell)
    {
        var element = new Cell { CellReference = reference };
        if (cell.Style != 0) element.StyleIndex = cell.Style;
        switch (cell.Value)
        {
            case null:
                break;
            case string text:
                element.DataType = CellValues.SharedString;
                element.CellValue = new CellValue(_strings.Add(text).ToString(CultureInfo.InvariantCulture));
                _strings.Used();
                break;
            case DateOnly date:
                element.CellValue = new CellValue((date.DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(CultureInfo.InvariantCulture));
                break;
            case int number:
                element.CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture));
                break;
            case double number when double.IsFinite(number):
                element.CellValue = new CellValue(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case double:
                break;
            case bool flag:
                element.DataType = CellValues.SharedString;
                element.CellValue = new CellValue(_strings.Add(flag ? "Yes" : "No").ToString(CultureInfo.InvariantCulture));
                _strings.Used();
                break;
            default:
                throw new ArgumentException($"Unsupported cell value {cell.Value.GetType()}");
        }
        _writer.WriteElement(element);
    }

    public static string Reference(int column, uint row) => Column(column) + row.ToString(CultureInfo.InvariantCulture);

    public static string Column(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26) name = (char)('A' + (column - 1) % 26) + name;
        return name;
    }

    public void Dispose()
    {
        _writer.WriteEndElement(); // sheetData
        if (_merges.Count > 0)
        {
            var merges = new MergeCells { Count = (uint)_merges.Count };
            foreach (var merge in _merges) merges.Append(new MergeCell { Reference = merge });
            _writer.WriteElement(merges);
        }
        foreach (var formatting in _conditional) _writer.WriteElement(formatting);
        _writer.WriteElement(new PrintOptions { HorizontalCentered = true });
        _writer.WriteElement(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        _writer.WriteElement(new PageSetup
        {
            PaperSize = _layout.PaperSize,
            Orientation = _layout.Landscape ? OrientationValues.Landscape : OrientationValues.Portrait,
            FitToWidth = 1,
            FitToHeight = _layout.FitToPage ? 1u : 0u,
        });
        if (_layout.Footer.Length > 0)
            _writer.WriteElement(new HeaderFooter(new OddFooter(_layout.Footer)));
        if (_tableParts.Count > 0)
        {
            var parts = new TableParts { Count = (uint)_tableParts.Count };
            foreach (var id in _tableParts) parts.Append(new TablePart { Id = id });
            _writer.WriteElement(parts);
        }
        _writer.WriteEndElement(); // worksheet
        _writer.Close();
    }
}
