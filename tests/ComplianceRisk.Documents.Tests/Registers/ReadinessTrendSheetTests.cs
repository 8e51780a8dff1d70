using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Risks;
using DocumentFormat.OpenXml.Spreadsheet;
using static ComplianceRisk.Documents.Tests.Registers.RegisterFixtures;

namespace ComplianceRisk.Documents.Tests.Registers;

/// <summary>The Readiness Trend sheet a periodic report adds to the register (issue 8), read back cell by cell.</summary>
public sealed class ReadinessTrendSheetTests
{
    // Three submissions and the report's own reassessment last (no submission time); the second has no index.
    private static readonly ReadinessPoint[] Points =
    [
        new(new DateOnly(2026, 9, 1), 64.2, new DateTimeOffset(2026, 9, 1, 13, 5, 0, TimeSpan.Zero), "a1"),
        new(new DateOnly(2026, 10, 1), null, new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero), "a2"),
        new(new DateOnly(2026, 11, 2), 70.5, new DateTimeOffset(2026, 11, 2, 23, 59, 0, TimeSpan.Zero), "a3"),
        new(new DateOnly(2026, 11, 22), 68.3, null, "a4"),
    ];

    private static byte[] Register(IReadOnlyList<ReadinessPoint>? trend) =>
        Write(Realistic, new RegisterOptions { Roster = RealisticRoster, Trend = trend });

    private static int Serial(DateOnly date) => date.DayNumber - new DateOnly(1899, 12, 30).DayNumber;

    [Fact]
    public void Trend_ListsEveryPointOldestFirst_WithTheChangeFromTheRowAbove()
    {
        using var document = Open(Register(Points));
        var rows = Rows(document, "Readiness Trend");
        Assert.Equal(["As of", "Submitted at (UTC)", "Readiness index", "Change", "Assessment ID"], rows[3]);
        Assert.Equal([Serial(new(2026, 9, 1)).ToString(), "2026-09-01 13:05", "64.2", "n/a", "a1"], rows[4]);
        Assert.Equal([Serial(new(2026, 10, 1)).ToString(), "2026-10-01 08:00", "n/a", "n/a", "a2"], rows[5]);
        // No change can be computed across a point without an index.
        Assert.Equal([Serial(new(2026, 11, 2)).ToString(), "2026-11-02 23:59", "70.5", "n/a", "a3"], rows[6]);
        // The report's own point: no submission time; 68.3 − 70.5 = −2.2.
        Assert.Equal(Serial(new(2026, 11, 22)).ToString(), rows[7][0]);
        Assert.Equal("", rows[7].ElementAtOrDefault(1) ?? "");
        Assert.Equal("68.3", rows[7][2]);
        Assert.Equal(-2.2, double.Parse(rows[7][3], System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal("a4", rows[7][4]);
        Assert.Equal(7, rows.Keys.Max());
    }

    [Fact]
    public void Trend_ComesAfterChanges_OnlyWhenGiven_WithAFrozenRepeatedHeader()
    {
        using (var document = Open(Register(null)))
            Assert.DoesNotContain("Readiness Trend", SheetNames(document));

        using (var document = Open(Write(Realistic, new RegisterOptions { Roster = RealisticRoster, Previous = Realistic, Trend = Points })))
        {
            Assert.Equal(RegisterWorkbook.SheetNames, SheetNames(document));
            var part = SheetPart(document, "Readiness Trend");
            Assert.Equal(3, part.Worksheet.Descendants<Pane>().Single().VerticalSplit!.Value);
            var index = Array.IndexOf(SheetNames(document), "Readiness Trend");
            var titles = document.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>().Single(n => n.Name == "_xlnm.Print_Titles" && n.LocalSheetId!.Value == index);
            Assert.Equal("'Readiness Trend'!$3:$3", titles.Text);
        }
    }

    [Fact]
    public void Trend_WithOnePoint_HasNoChange_AndAnEmptyTrendSaysSo()
    {
        using (var document = Open(Register([Points[0]])))
            Assert.Equal([Serial(new(2026, 9, 1)).ToString(), "2026-09-01 13:05", "64.2", "n/a", "a1"], Rows(document, "Readiness Trend")[4]);
        using (var document = Open(Register([])))
            Assert.Equal("No assessment yet.", Rows(document, "Readiness Trend")[4][0]);
    }

    [Fact]
    public void WorkbookWithTrend_PassesTheValidator_AndIsByteIdenticalForTheSameInputs()
    {
        var first = Register(Points);
        Assert.Equal(first, Register([.. Points]));
        AssertValid(first);
    }

    [Fact]
    public void Changes_AreRoundedToOneDecimal_AndNullAcrossAMissingIndex()
    {
        Assert.Equal([null, 0.1, null, null, 1.0],
            ReadinessTrend.Changes([new(default, 70.0), new(default, 70.1), new(default, null), new(default, 71.0), new(default, 72.0)]));
    }
}
