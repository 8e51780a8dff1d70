using ComplianceRisk.Engine.Catalogs;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// The register's stylesheet: one font family at fixed sizes (LibreOffice and Excel render the same), a navy
/// header band, the green-to-red rating fills, thin grey borders. Cell styles are addressed by the constants
/// below, which are the indices of the cellXfs written by <see cref="Build"/>.
/// </summary>
internal static class RegisterStyles
{
    public const string FontName = "Calibri";
    public const double BodySize = 10;

    // Palette (hex RGB without alpha).
    public const string Navy = "1F3864";
    public const string Slate = "44546A";
    public const string LightGrey = "F2F2F2";
    public const string Band = "EEF2F8";
    public const string BorderGrey = "BFBFBF";
    public const string LowFill = "A9D08E";
    public const string ModerateFill = "FFE699";
    public const string HighFill = "F4B183";
    public const string CriticalFill = "C00000";

    // cellXfs indices.
    public const uint Default = 0;
    public const uint Title = 1;
    public const uint Subtitle = 2;
    public const uint Section = 3;
    public const uint Header = 4;
    public const uint Text = 5;
    public const uint Integer = 6;
    public const uint Date = 7;
    public const uint Percent = 8;
    public const uint OneDecimal = 9;
    public const uint Label = 10;
    public const uint Note = 11;
    public const uint RatingLow = 12; // + (int)RiskRating
    public const uint HeatLow = 16;   // + (int)RiskRating: heat-map cells, count hidden when 0
    public const uint AxisLabel = 20;
    public const uint BigNumber = 21;
    public const uint Paragraph = 22;
    public const uint SignLine = 23;
    public const uint Level0 = 24;    // + level (0-4)
    public const uint TextCenter = 29;
    public const uint AxisTitle = 30;
    public const uint Mono = 31;
    public const uint LabelValue = 32;
    public const uint DateValue = 33;
    public const uint HeaderCenter = 34;
    public const uint HeaderVertical = 35;

    public static uint Rating(RiskRating rating) => RatingLow + (uint)rating;
    public static uint Heat(RiskRating rating) => HeatLow + (uint)rating;

    // Differential formats (dxfs) for conditional formatting.
    public const uint DxfLow = 0; // + (int)RiskRating
    public const uint DxfBand = 4;

    public static string FillOf(RiskRating rating) => rating switch
    {
        RiskRating.Critical => CriticalFill,
        RiskRating.High => HighFill,
        RiskRating.Moderate => ModerateFill,
        _ => LowFill,
    };

    private static readonly string[] LevelFills = ["FFFFFF", "E2EFDA", "C6E0B4", "8FC673", "548235"];

    public static Stylesheet Build()
    {
        var numberingFormats = new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "0.0" },
            new NumberingFormat { NumberFormatId = 166, FormatCode = "0.0%" },
            new NumberingFormat { NumberFormatId = 167, FormatCode = "0;-0;;@" })
        { Count = 4 };

        // Fonts: 0 body, 1 bold, 2 title, 3 subtitle, 4 section, 5 header (white bold), 6 note, 7 big number,
        // 8 white bold body (critical), 9 mono, 10 white body (level 4).
        var fonts = new Fonts(
            Font(BodySize),
            Font(BodySize, bold: true),
            Font(20, bold: true, color: Navy),
            Font(13, color: Slate),
            Font(12, bold: true, color: Navy),
            Font(BodySize, bold: true, color: "FFFFFF"),
            Font(9, italic: true, color: "595959"),
            Font(24, bold: true, color: Navy),
            Font(BodySize, bold: true, color: "FFFFFF"),
            Font(9, name: "Courier New"),
            Font(BodySize, color: "FFFFFF"))
        { Count = 11 };

        // Fills: 0 none, 1 gray125 (both required), 2 navy, 3 light grey, 4-7 ratings, 8-12 levels.
        var fillList = new List<Fill>
        {
            new(new PatternFill { PatternType = PatternValues.None }),
            new(new PatternFill { PatternType = PatternValues.Gray125 }),
            Solid(Navy),
            Solid(LightGrey),
            Solid(LowFill), Solid(ModerateFill), Solid(HighFill), Solid(CriticalFill),
        };
        fillList.AddRange(LevelFills.Select(Solid));
        var fills = new Fills(fillList) { Count = (uint)fillList.Count };

        // Borders: 0 none, 1 thin grey all round, 2 bottom rule (signature line), 3 navy bottom (section).
        var borders = new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(Side<LeftBorder>(BorderGrey), Side<RightBorder>(BorderGrey), Side<TopBorder>(BorderGrey), Side<BottomBorder>(BorderGrey), new DiagonalBorder()),
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), Side<BottomBorder>("404040"), new DiagonalBorder()),
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), Side<BottomBorder>(Navy, BorderStyleValues.Medium), new DiagonalBorder()))
        { Count = 4 };

        var xfs = new List<CellFormat>
        {
            Xf(0, 0, 0),                                                           // 0 Default
            Xf(2, 0, 0, vertical: VerticalAlignmentValues.Center),                  // 1 Title
            Xf(3, 0, 0, vertical: VerticalAlignmentValues.Center),                  // 2 Subtitle
            Xf(4, 0, 3, vertical: VerticalAlignmentValues.Bottom),                  // 3 Section
            Xf(5, 2, 1, wrap: true, vertical: VerticalAlignmentValues.Center),      // 4 Header
            Xf(0, 0, 1, wrap: true),                                                // 5 Text
            Xf(0, 0, 1, horizontal: HorizontalAlignmentValues.Center, numFmt: 1),   // 6 Integer
            Xf(0, 0, 1, horizontal: HorizontalAlignmentValues.Center, numFmt: 164), // 7 Date
            Xf(0, 0, 1, horizontal: HorizontalAlignmentValues.Right, numFmt: 166),  // 8 Percent
            Xf(0, 0, 1, horizontal: HorizontalAlignmentValues.Right, numFmt: 165),  // 9 OneDecimal
            Xf(1, 3, 1, wrap: true),                                                // 10 Label
            Xf(6, 0, 0, wrap: true),                                                // 11 Note
        };
        for (var r = 0; r < 4; r++) // 12-15 rating cells
            xfs.Add(Xf(r == 3 ? 8u : 1u, (uint)(4 + r), 1, horizontal: HorizontalAlignmentValues.Center, vertical: VerticalAlignmentValues.Center));
        for (var r = 0; r < 4; r++) // 16-19 heat-map cells
            xfs.Add(Xf(r == 3 ? 8u : 1u, (uint)(4 + r), 1, horizontal: HorizontalAlignmentValues.Center, vertical: VerticalAlignmentValues.Center, numFmt: 167));
        xfs.Add(Xf(1, 3, 1, wrap: true, horizontal: HorizontalAlignmentValues.Center, vertical: VerticalAlignmentValues.Center)); // 20 AxisLabel
        xfs.Add(Xf(7, 0, 0, horizontal: HorizontalAlignmentValues.Left, vertical: VerticalAlignmentValues.Center, numFmt: 165)); // 21 BigNumber
        xfs.Add(Xf(0, 0, 0, wrap: true));                                          // 22 Paragraph
        xfs.Add(Xf(0, 0, 2, vertical: VerticalAlignmentValues.Bottom));            // 23 SignLine
        for (var l = 0; l < 5; l++)                                                // 24-28 levels
            xfs.Add(Xf(l == 4 ? 10u : 0u, (uint)(8 + l), 1, horizontal: HorizontalAlignmentValues.Center, vertical: VerticalAlignmentValues.Center, numFmt: l == 0 ? 167u : 1u));
        xfs.Add(Xf(0, 0, 1, wrap: true, horizontal: HorizontalAlignmentValues.Center)); // 29 TextCenter
        xfs.Add(Xf(1, 0, 0, horizontal: HorizontalAlignmentValues.Center, vertical: VerticalAlignmentValues.Center, wrap: true)); // 30 AxisTitle
        xfs.Add(Xf(9, 0, 1, wrap: true));                                          // 31 Mono
        xfs.Add(Xf(0, 0, 1, wrap: true, horizontal: HorizontalAlignmentValues.Left)); // 32 LabelValue
        xfs.Add(Xf(0, 0, 1, horizontal: HorizontalAlignmentValues.Left, numFmt: 164)); // 33 DateValue
        xfs.Add(Xf(5, 2, 1, wrap: true, horizontal: HorizontalAlignmentValues.Center, vertical: VerticalAlignmentValues.Center)); // 34 HeaderCenter
        var vertical = Xf(5, 2, 1, horizontal: HorizontalAlignmentValues.Center, vertical: VerticalAlignmentValues.Bottom);  // 35 HeaderVertical
        vertical.Alignment!.TextRotation = 90;
        xfs.Add(vertical);

        var dxfs = new DifferentialFormats { Count = 5 };
        for (var r = 0; r < 4; r++)
        {
            dxfs.Append(new DifferentialFormat(
                new Font(new Bold(), new Color { Rgb = r == 3 ? "FFFFFFFF" : "FF000000" }),
                new Fill(new PatternFill(new BackgroundColor { Rgb = "FF" + FillOf((RiskRating)r) }) { PatternType = PatternValues.Solid })));
        }
        dxfs.Append(new DifferentialFormat(new Fill(new PatternFill(new BackgroundColor { Rgb = "FF" + Band }) { PatternType = PatternValues.Solid })));

        return new Stylesheet(
            numberingFormats,
            fonts,
            fills,
            borders,
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(xfs) { Count = (uint)xfs.Count },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 },
            dxfs,
            new TableStyles { Count = 0, DefaultTableStyle = "TableStyleMedium2", DefaultPivotStyle = "PivotStyleLight16" });
    }

    private static Font Font(double size, bool bold = false, bool italic = false, string? color = null, string name = FontName)
    {
        var font = new Font();
        if (bold) font.Append(new Bold());
        if (italic) font.Append(new Italic());
        font.Append(new FontSize { Val = size });
        font.Append(color is null ? new Color { Theme = 1 } : new Color { Rgb = "FF" + color });
        font.Append(new FontName { Val = name });
        font.Append(new FontFamilyNumbering { Val = name == FontName ? 2 : 3 });
        if (name == FontName) font.Append(new FontScheme { Val = FontSchemeValues.None });
        return font;
    }

    private static Fill Solid(string rgb) =>
        new(new PatternFill(new ForegroundColor { Rgb = "FF" + rgb }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid });

    private static T Side<T>(string rgb, BorderStyleValues? style = null) where T : BorderPropertiesType, new()
    {
        var side = new T { Style = style ?? BorderStyleValues.Thin };
        side.Append(new Color { Rgb = "FF" + rgb });
        return side;
    }

    private static CellFormat Xf(uint font, uint fill, uint border, bool wrap = false,
        HorizontalAlignmentValues? horizontal = null, VerticalAlignmentValues? vertical = null, uint numFmt = 0)
    {
        var xf = new CellFormat
        {
            NumberFormatId = numFmt, FontId = font, FillId = fill, BorderId = border, FormatId = 0,
            ApplyFont = font != 0 ? true : null, ApplyFill = fill != 0 ? true : null,
            ApplyBorder = border != 0 ? true : null, ApplyNumberFormat = numFmt != 0 ? true : null,
        };
        xf.Append(new Alignment
        {
            Horizontal = horizontal,
            Vertical = vertical ?? VerticalAlignmentValues.Top,
            WrapText = wrap ? true : null,
        });
        xf.ApplyAlignment = true;
        return xf;
    }
}
