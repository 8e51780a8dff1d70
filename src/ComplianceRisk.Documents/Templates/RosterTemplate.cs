using System.Globalization;
using ComplianceRisk.Documents.Packaging;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Catalogs;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SheetCellValue = DocumentFormat.OpenXml.Spreadsheet.CellValue;

namespace ComplianceRisk.Documents.Templates;

/// <summary>
/// Writes the roster template workbook (DESIGN §6): a "Roster" sheet with the canonical header of
/// <see cref="RosterColumns.All"/>, input prompts, drop-downs fed from the catalog and date-formatted columns but no
/// data rows; a "How to fill" sheet; and reference sheets of the catalog's roles, competencies and certifications.
/// The same catalog always gives the same bytes.
/// </summary>
public static class RosterTemplate
{
    public const string RosterSheet = "Roster";
    public const string HowToFillSheet = "How to fill";
    public const string RolesSheet = "Roles";
    public const string CompetenciesSheet = "Competencies";
    public const string CertificationsSheet = "Certifications";

    /// <summary>The defined name of the role titles on the Roles sheet that the role drop-down lists.</summary>
    public const string RoleTitlesName = "RoleTitles";

    /// <summary>Rows of the Roster sheet (after the header) that carry formats and validations.</summary>
    public const int InputRows = 1000;

    /// <summary>The number format of the date columns (ISO 8601, so day and month are never confused).</summary>
    public const string DateFormatCode = "yyyy-mm-dd";

    /// <summary>Core-property date of every template, so equal inputs give equal bytes.</summary>
    public static readonly DateTimeOffset FixedDate = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string FontName = "Calibri";
    private static readonly DateOnly Epoch1900 = new(1899, 12, 30);
    private static readonly DateOnly FirstDate = new(1950, 1, 1);
    private static readonly DateOnly LastDate = new(2100, 12, 31);

    /// <summary>Cell style indexes (cellXfs) of the stylesheet built by <see cref="BuildStylesheet"/>.</summary>
    internal static class Styles
    {
        public const uint Default = 0;
        public const uint Header = 1;
        public const uint RequiredHeader = 2;
        public const uint Date = 3;
        public const uint Text = 4;
        public const uint Wrap = 5;
        public const uint TableHeader = 6;
        public const uint Title = 7;
        public const uint Section = 8;
        public const uint Label = 9;
        public const uint Number = 10;
        public const uint DateFormatId = 164;
    }

    /// <summary>Writes the template for <paramref name="catalog"/> to <paramref name="output"/>.</summary>
    public static void Write(Stream output, Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(catalog);
        using var package = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(package, SpreadsheetDocumentType.Workbook))
            Build(document, catalog);
        DeterministicZip.Rewrite(package.ToArray(), output, FixedDate);
    }

    private static void Build(SpreadsheetDocument document, Catalog catalog)
    {
        // Explicit relationship ids throughout: generated ones are random, and equal inputs must give equal bytes.
        var workbookPart = document.AddNewPart<WorkbookPart>(OfficeContentTypes.Workbook, "rIdWorkbook");
        var strings = new SharedStrings();

        var styles = workbookPart.AddNewPart<WorkbookStylesPart>("rIdStyles");
        styles.Stylesheet = BuildStylesheet();

        var sheets = new (string Name, Func<Worksheet> Build)[]
        {
            (RosterSheet, () => RosterWorksheet(catalog, strings)),
            (HowToFillSheet, () => HowToFillWorksheet(catalog, strings)),
            (RolesSheet, () => RolesWorksheet(catalog, strings)),
            (CompetenciesSheet, () => CompetenciesWorksheet(catalog, strings)),
            (CertificationsSheet, () => CertificationsWorksheet(catalog, strings)),
        };
        var sheetList = new Sheets();
        for (var i = 0; i < sheets.Length; i++)
        {
            var id = $"rIdSheet{i + 1}";
            var part = workbookPart.AddNewPart<WorksheetPart>(id);
            part.Worksheet = sheets[i].Build();
            sheetList.Append(new Sheet { Name = sheets[i].Name, SheetId = (uint)(i + 1), Id = id });
        }

        var definedNames = new DefinedNames();
        if (!catalog.Roles.IsDefaultOrEmpty)
            definedNames.Append(new DefinedName($"{RolesSheet}!$B$2:$B${catalog.Roles.Length + 1}") { Name = RoleTitlesName });
        // Printed pages of the roster and the reference sheets repeat their header row.
        for (var i = 0; i < sheets.Length; i++)
            if (sheets[i].Name != HowToFillSheet)
                definedNames.Append(new DefinedName($"'{sheets[i].Name}'!$1:$1") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });

        workbookPart.Workbook = new Workbook(
            new BookViews(new WorkbookView { ActiveTab = 0, FirstSheet = 0 }),
            sheetList);
        if (definedNames.HasChildren) workbookPart.Workbook.Append(definedNames);
        workbookPart.Workbook.Append(new CalculationProperties { CalculationId = 191029 });

        var shared = workbookPart.AddNewPart<SharedStringTablePart>("rIdStrings");
        shared.SharedStringTable = strings.ToTable();

        var core = document.AddNewPart<CoreFilePropertiesPart>("rIdCore");
        using (var stream = core.GetStream(FileMode.Create, FileAccess.Write))
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)))
            writer.Write(CoreProperties(catalog));
    }

    // ---------------------------------------------------------------- Roster

    private static Worksheet RosterWorksheet(Catalog catalog, SharedStrings strings)
    {
        var columns = RosterColumns.All;
        var lastRow = (uint)InputRows + 1;
        var data = new SheetData();

        var header = new Row { RowIndex = 1 };
        for (var i = 0; i < columns.Length; i++)
            header.Append(TextCell(Reference(i, 1), columns[i].Name, columns[i].Required ? Styles.RequiredHeader : Styles.Header, strings));
        data.Append(header);

        // Empty cells that carry the column's format (dates, text ids) on the input rows; no values.
        var formatted = Enumerable.Range(0, columns.Length)
            .Select(i => (Index: i, Style: RosterTemplateGuide.KindOf(columns[i]) switch
            {
                TemplateColumnKind.Date => Styles.Date,
                TemplateColumnKind.Id => Styles.Text,
                _ => Styles.Default,
            }))
            .Where(c => c.Style != Styles.Default)
            .ToList();
        for (var row = 2U; row <= lastRow; row++)
        {
            var r = new Row { RowIndex = row };
            foreach (var (index, style) in formatted) r.Append(new Cell { CellReference = Reference(index, row), StyleIndex = style });
            data.Append(r);
        }

        var cols = new Columns();
        for (var i = 0; i < columns.Length; i++)
            cols.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = RosterTemplateGuide.WidthOf(columns[i], catalog), CustomWidth = true });

        var validations = new DataValidations();
        for (var i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            var letters = CsvRosterTable.ColumnLetters(i);
            var title = RosterTemplateGuide.PromptTitleOf(column);
            var prompt = RosterTemplateGuide.PromptOf(column, catalog);
            validations.Append(PromptOnly($"{letters}1", title, prompt));
            var range = $"{letters}2:{letters}{lastRow}";
            validations.Append(RosterTemplateGuide.KindOf(column) switch
            {
                TemplateColumnKind.RoleList when !catalog.Roles.IsDefaultOrEmpty =>
                    List(range, title, prompt, RoleTitlesName, DataValidationErrorStyleValues.Warning,
                        "Not a catalog role title",
                        "This is not one of the catalog's role titles. Keep it only if it is a role id or alias from the Roles sheet, or one of your organization's own role aliases."),
                TemplateColumnKind.AssignmentList =>
                    List(range, title, prompt, Quoted(RosterTemplateGuide.Assignments), DataValidationErrorStyleValues.Stop,
                        "Not an assignment", $"Choose {Either(RosterTemplateGuide.Assignments)}."),
                TemplateColumnKind.EmploymentTypeList =>
                    List(range, title, prompt, Quoted(RosterTemplateGuide.EmploymentTypes), DataValidationErrorStyleValues.Stop,
                        "Not an employment type", $"Choose {Either(RosterTemplateGuide.EmploymentTypes)}."),
                TemplateColumnKind.Date => DateRange(range, title, prompt),
                _ => PromptOnly(range, title, prompt),
            });
        }
        validations.Count = (uint)validations.ChildElements.Count;

        return new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }),
            new SheetDimension { Reference = $"A1:{CsvRosterTable.ColumnLetters(columns.Length - 1)}{lastRow}" },
            new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
            { TabSelected = true, WorkbookViewId = 0 }),
            new SheetFormatProperties { DefaultRowHeight = 15 },
            cols,
            data,
            validations,
            Margins(),
            Landscape());
    }

    private static DataValidation PromptOnly(string range, string title, string prompt) => new()
    {
        AllowBlank = true,
        ShowInputMessage = true,
        PromptTitle = title,
        Prompt = prompt,
        SequenceOfReferences = new ListValue<StringValue> { InnerText = range },
    };

    private static DataValidation List(string range, string title, string prompt, string formula, DataValidationErrorStyleValues style, string errorTitle, string error) => new(
        new Formula1(formula))
    {
        Type = DataValidationValues.List,
        AllowBlank = true,
        ShowInputMessage = true,
        ShowErrorMessage = true,
        ErrorStyle = style,
        ErrorTitle = errorTitle,
        Error = error,
        PromptTitle = title,
        Prompt = prompt,
        SequenceOfReferences = new ListValue<StringValue> { InnerText = range },
    };

    private static DataValidation DateRange(string range, string title, string prompt) => new(
        new Formula1(Serial(FirstDate).ToString(CultureInfo.InvariantCulture)),
        new Formula2(Serial(LastDate).ToString(CultureInfo.InvariantCulture)))
    {
        Type = DataValidationValues.Date,
        Operator = DataValidationOperatorValues.Between,
        AllowBlank = true,
        ShowInputMessage = true,
        ShowErrorMessage = true,
        ErrorStyle = DataValidationErrorStyleValues.Stop,
        ErrorTitle = "Not a date",
        Error = $"Enter a date between {FirstDate:yyyy-MM-dd} and {LastDate:yyyy-MM-dd}, e.g. 2026-03-31.",
        PromptTitle = title,
        Prompt = prompt,
        SequenceOfReferences = new ListValue<StringValue> { InnerText = range },
    };

    private static string Quoted(IEnumerable<string> values) => "\"" + string.Join(",", values) + "\"";

    private static string Either(IReadOnlyList<string> values) =>
        values.Count == 1 ? values[0] : string.Join(", ", values.Take(values.Count - 1)) + " or " + values[^1];

    // ---------------------------------------------------------------- How to fill

    private static Worksheet HowToFillWorksheet(Catalog catalog, SharedStrings strings)
    {
        double[] widths = [26, 90, 28, 50];
        var data = new SheetData();
        var row = 0U;
        void Add(params (string Text, uint Style)[] cells)
        {
            row++;
            var r = new Row { RowIndex = row };
            for (var i = 0; i < cells.Length; i++)
                if (cells[i].Text.Length > 0) r.Append(TextCell(Reference(i, row), cells[i].Text, cells[i].Style, strings));
            FitHeight(r, cells.Select((c, i) => (c.Style is Styles.Wrap or Styles.Label or Styles.TableHeader ? c.Text : "", widths[i])));
            data.Append(r);
        }

        Add(("How to fill the roster", Styles.Title));
        Add(($"Template for the catalog {catalog.Title}, version {catalog.Version}.", Styles.Default));
        row++;
        Add(("The basics", Styles.Section));
        foreach (var line in RosterTemplateGuide.Basics(catalog))
            Add((line.Label, Styles.Label), (line.Text, Styles.Wrap), (line.Example, Styles.Wrap));
        row++;
        Add(("Formats", Styles.Section));
        Add(("", Styles.Default), ("How to write it", Styles.TableHeader), ("Example", Styles.TableHeader));
        foreach (var line in RosterTemplateGuide.Formats(catalog))
            Add((line.Label, Styles.Label), (line.Text, Styles.Wrap), (line.Example, Styles.Wrap));
        row++;
        Add(("The columns", Styles.Section));
        Add(("Column", Styles.TableHeader), ("What it means", Styles.TableHeader), ("Example", Styles.TableHeader), ("Header names also accepted", Styles.TableHeader));
        foreach (var column in RosterColumns.All)
            Add((column.Name, Styles.Label), (column.Meaning, Styles.Wrap), (RosterTemplateGuide.ExampleOf(column, catalog), Styles.Wrap),
                (string.Join(", ", column.Aliases), Styles.Wrap));

        return new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }),
            new SheetViews(new SheetView { WorkbookViewId = 0 }),
            new SheetFormatProperties { DefaultRowHeight = 15 },
            Widths(widths),
            data,
            Margins(),
            Landscape());
    }

    // ---------------------------------------------------------------- Reference sheets

    private static Worksheet RolesWorksheet(Catalog catalog, SharedStrings strings) => Table(strings,
        ["id", "title", "tier", "aliases"], [24, 42, 6, 110],
        catalog.Roles.Select(r => new object[] { r.Id, r.Title, r.Tier, string.Join("; ", r.Aliases) }));

    private static Worksheet CompetenciesWorksheet(Catalog catalog, SharedStrings strings) => Table(strings,
        ["id", "name", "domain"], [22, 48, 28],
        catalog.Competencies.Select(c => new object[] { c.Id, c.Name, c.Domain }));

    private static Worksheet CertificationsWorksheet(Catalog catalog, SharedStrings strings) => Table(strings,
        ["id", "name", "spellings", "evidences (competency: level)"], [26, 50, 60, 70],
        catalog.Certifications.Select(c => new object[]
        {
            c.Id, c.Name, string.Join("; ", c.Spellings),
            string.Join("; ", c.Evidences.Select(e => $"{catalog.FindCompetency(e.Competency)?.Name ?? e.Competency}: {e.Level} {ProficiencyLevel.NameOf(e.Level)}")),
        }));

    private static Worksheet Table(SharedStrings strings, string[] headers, double[] widths, IEnumerable<object[]> rows)
    {
        var data = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (var i = 0; i < headers.Length; i++) header.Append(TextCell(Reference(i, 1), headers[i], Styles.TableHeader, strings));
        data.Append(header);
        var number = 1U;
        foreach (var values in rows)
        {
            number++;
            var r = new Row { RowIndex = number };
            FitHeight(r, values.Select((v, i) => (v as string ?? "", widths[i])));
            for (var i = 0; i < values.Length; i++)
                switch (values[i])
                {
                    case string { Length: > 0 } text: r.Append(TextCell(Reference(i, number), text, Styles.Wrap, strings)); break;
                    case int n:
                        r.Append(new Cell { CellReference = Reference(i, number), StyleIndex = Styles.Number, CellValue = new SheetCellValue(n.ToString(CultureInfo.InvariantCulture)) });
                        break;
                }
            data.Append(r);
        }
        return new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }),
            new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
            { WorkbookViewId = 0 }),
            new SheetFormatProperties { DefaultRowHeight = 15 },
            Widths(widths),
            data,
            Margins(),
            Landscape());
    }

    // ---------------------------------------------------------------- Parts

    /// <summary>
    /// Gives a row with wrapped text the height its longest cell needs. Spreadsheet programs do not all fit row
    /// heights on opening (LibreOffice keeps the default), so the height is written, estimated by wrapping the
    /// words at the column width with room for wider substitute fonts.
    /// </summary>
    private static void FitHeight(Row row, IEnumerable<(string Text, double Width)> cells)
    {
        var lines = cells.Select(c => WrappedLines(c.Text, c.Width)).DefaultIfEmpty(1).Max();
        if (lines <= 1) return;
        row.Height = lines * LineHeight + 2;
        row.CustomHeight = true;
    }

    private const double LineHeight = 15;

    /// <summary>Lines <paramref name="text"/> takes when word-wrapped in a column <paramref name="width"/> characters wide.</summary>
    internal static int WrappedLines(string text, double width)
    {
        if (text.Length == 0) return 1;
        var perLine = Math.Max(1, (int)Math.Floor(width * 1.1) - 1);
        var lines = 0;
        foreach (var paragraph in text.Split('\n'))
        {
            lines++;
            var used = 0;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var needed = used == 0 ? word.Length : used + 1 + word.Length;
                if (needed <= perLine) { used = needed; continue; }
                if (used > 0) lines++;
                lines += (word.Length - 1) / perLine;
                used = (word.Length - 1) % perLine + 1;
            }
        }
        return lines;
    }

    private static Columns Widths(params double[] widths)
    {
        var cols = new Columns();
        for (var i = 0; i < widths.Length; i++)
            cols.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = widths[i], CustomWidth = true });
        return cols;
    }

    private static PageMargins Margins() => new() { Left = 0.5, Right = 0.5, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 };

    /// <summary>Landscape, one page wide, as many pages tall as needed.</summary>
    private static PageSetup Landscape() => new() { Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 };

    internal static Stylesheet BuildStylesheet()
    {
        static Font Font(double size, bool bold = false)
        {
            var font = new Font();
            if (bold) font.Append(new Bold());
            font.Append(new FontSize { Val = size }, new FontName { Val = FontName }, new FontFamilyNumbering { Val = 2 });
            return font;
        }
        static Fill Solid(string rgb) => new(new PatternFill(new ForegroundColor { Rgb = rgb }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid });
        static Alignment WrapTop() => new() { WrapText = true, Vertical = VerticalAlignmentValues.Top };

        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = Styles.DateFormatId, FormatCode = DateFormatCode }) { Count = 1 },
            new Fonts(Font(11), Font(11, bold: true), Font(16, bold: true), Font(12, bold: true)) { Count = 4 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                Solid("FFDDEBF7"),
                Solid("FFFCE4D6")) { Count = 4 },
            new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(),
                    new BottomBorder(new Color { Rgb = "FF808080" }) { Style = BorderStyleValues.Thin }, new DiagonalBorder())) { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                /* 0 Default        */ new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
                /* 1 Header         */ new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Center }) { NumberFormatId = 0, FontId = 1, FillId = 2, BorderId = 1, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
                /* 2 RequiredHeader */ new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Center }) { NumberFormatId = 0, FontId = 1, FillId = 3, BorderId = 1, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
                /* 3 Date           */ new CellFormat { NumberFormatId = Styles.DateFormatId, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                /* 4 Text           */ new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                /* 5 Wrap           */ new CellFormat(WrapTop()) { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true },
                /* 6 TableHeader    */ new CellFormat(WrapTop()) { NumberFormatId = 0, FontId = 1, FillId = 2, BorderId = 1, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
                /* 7 Title          */ new CellFormat { NumberFormatId = 0, FontId = 2, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
                /* 8 Section        */ new CellFormat { NumberFormatId = 0, FontId = 3, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
                /* 9 Label          */ new CellFormat(WrapTop()) { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyAlignment = true },
                /* 10 Number        */ new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true }) { Count = 11 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    private static string CoreProperties(Catalog catalog)
    {
        static string X(string s) => System.Security.SecurityElement.Escape(s);
        var date = FixedDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:title>Roster template</dc:title>"
            + $"<dc:subject>{X($"{catalog.Title} {catalog.Version}")}</dc:subject>"
            + "<dc:creator>ComplianceRisk</dc:creator>"
            + $"<dc:description>{X($"Roster template for catalog {catalog.Id} version {catalog.Version}.")}</dc:description>"
            + $"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>"
            + $"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>"
            + "</cp:coreProperties>";
    }

    // ---------------------------------------------------------------- Cells

    private static string Reference(int column, uint row) => CsvRosterTable.ColumnLetters(column) + row.ToString(CultureInfo.InvariantCulture);

    private static Cell TextCell(string reference, string text, uint style, SharedStrings strings) => new()
    {
        CellReference = reference,
        DataType = CellValues.SharedString,
        StyleIndex = style == Styles.Default ? null : style,
        CellValue = new SheetCellValue(strings.Index(text).ToString(CultureInfo.InvariantCulture)),
    };

    private static int Serial(DateOnly date) => date.DayNumber - Epoch1900.DayNumber;

    /// <summary>The shared string table, in order of first use.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _items = [];
        private int _uses;

        public int Index(string text)
        {
            _uses++;
            if (!_index.TryGetValue(text, out var index))
            {
                _index[text] = index = _items.Count;
                _items.Add(text);
            }
            return index;
        }

        public SharedStringTable ToTable()
        {
            var table = new SharedStringTable { Count = (uint)_uses, UniqueCount = (uint)_items.Count };
            foreach (var text in _items)
            {
                var t = new Text(text);
                if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))) t.Space = SpaceProcessingModeValues.Preserve;
                table.Append(new SharedStringItem(t));
            }
            return table;
        }
    }
}
