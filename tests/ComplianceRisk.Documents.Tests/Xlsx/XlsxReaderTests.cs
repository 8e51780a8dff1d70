using System.Text.Json;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Tests.Xlsx;

/// <summary>XLSX rosters as spreadsheet programs write them: the same rules as CSV, with typed cells.</summary>
public sealed class XlsxReaderTests
{
    private static readonly DateOnly March31 = new(2026, 3, 31);

    private static Roster Read(XlsxBuilder book)
    {
        var result = Import.Bytes(book.Build());
        Assert.True(result.Success, $"rejected: {result.Rejection}");
        return result.Roster!;
    }

    private static Person Person(Roster roster, string id) => roster.People.Single(p => p.Id == id);

    [Fact]
    public void CanonicalHeaders_TypedCells_AreRead()
    {
        var roster = Read(XlsxBuilder.Roster(
            ["employee_id", "name", "role", "assignment", "employment_type", "vendor", "contract_end_date", "fte", "site", "role_start_date",
             "years_experience", "certifications", "competencies", "last_training_date", "last_exercise_date", "departure_date"],
            ["E1", "Ada Lovelace", "security-official", "primary", "employee", null, null, 1, "Main campus", Cell.Date(new DateOnly(2020, 1, 15)),
             12, "CISSP:2027-03-31; HCISPP", "hipaa-security=3; risk-analysis=4", Cell.Date(new DateOnly(2026, 6, 1)), Cell.Date(new DateOnly(2026, 2, 1)), null],
            ["E2", "Grace Hopper", "Information Security Officer", "backup", "contractor", "Acme", Cell.Date(new DateOnly(2027, 6, 30)), 0.2, null, null,
             6.5, null, "hipaa-security=2", null, null, Cell.Date(new DateOnly(2027, 1, 31))]));

        Assert.Equal("Roster", roster.Sheet);
        Assert.Equal(2, roster.Rows);
        Assert.Empty(roster.Warnings);
        var ada = Person(roster, "E1");
        Assert.Equal(("Ada Lovelace", "Main campus", 12.0), (ada.Name, ada.Site, ada.YearsExperience));
        Assert.Equal([new HeldCertification("cissp", new DateOnly(2027, 3, 31)), new HeldCertification("hcispp", null)], ada.Certifications);
        Assert.Equal(4, ada.Competencies["risk-analysis"]);
        Assert.Equal((new DateOnly(2026, 6, 1), new DateOnly(2026, 2, 1)), (ada.LastTraining!.Value, ada.LastExercise!.Value));
        var grace = Person(roster, "E2");
        Assert.Equal((EmploymentType.Contractor, "Acme", new DateOnly(2027, 6, 30), new DateOnly(2027, 1, 31), 6.5),
            (grace.EmploymentType, grace.Vendor, grace.ContractEnd!.Value, grace.Departure!.Value, grace.YearsExperience!.Value));
        Assert.Equal([("E1", "security-official", Assignment.Primary, 1.0, new DateOnly(2020, 1, 15), 2), ("E2", "security-official", Assignment.Backup, 0.2, default(DateOnly), 3)],
            roster.Assignments.Select(a => (a.PersonId, a.RoleId, a.Assignment, a.Fte, a.RoleStart ?? default, a.Row)));
    }

    [Fact]
    public void AliasHeaders_AreMappedAsForCsv()
    {
        var roster = Read(XlsxBuilder.Roster(
            ["Emp ID", "Full Name", "Job Title", "Assignment Type", "Worker Type", "Company", "FTE %", "Location", "Start Date in Role",
             "Years of Experience", "Certs", "Skills", "HIPAA Training Date", "Last Drill", "Notice Date", "Contract End"],
            ["E1", "Ada", "CISO", "interim", "vendor", "Acme", "50%", "North", Cell.Date(new DateOnly(2025, 9, 1)),
             "5 years", "CISSP", "hipaa-security=3", Cell.Date(March31), Cell.Date(new DateOnly(2026, 1, 10)), Cell.Date(new DateOnly(2027, 5, 1)), Cell.Date(new DateOnly(2027, 12, 31))]));

        Assert.Empty(roster.Warnings);
        Assert.Equal("Emp ID", roster.Columns["employee_id"]);
        Assert.Equal("Job Title", roster.Columns["role"]);
        Assert.Equal(16, roster.Columns.Count);
        var ada = roster.People.Single();
        Assert.Equal((EmploymentType.Vendor, "Acme", "North", 5.0, March31), (ada.EmploymentType, ada.Vendor, ada.Site, ada.YearsExperience!.Value, ada.LastTraining!.Value));
        var seat = roster.Assignments.Single();
        Assert.Equal(("security-official", Assignment.Interim, 0.5, new DateOnly(2025, 9, 1)), (seat.RoleId, seat.Assignment, seat.Fte, seat.RoleStart!.Value));
    }

    [Fact]
    public void SharedInlineAndRichText_AreReadAsTheirText()
    {
        var roster = Read(XlsxBuilder.Roster(
            [Cell.Inline("employee_id"), Cell.Rich("na", "me"), "role"],
            ["E1", Cell.Text("Ada Lovelace"), "dba"],
            [Cell.Inline("E2"), Cell.Inline("Grace Hopper"), Cell.Inline("dba")],
            ["E3", Cell.Rich("Katherine ", "Johnson"), Cell.Rich("d", "ba")],
            ["E4", Cell.RichInline("Dorothy", " ", "Vaughan"), "dba"],
            // The same shared string twice: one entry in the table, two cells.
            ["E5", Cell.Text("Ada Lovelace"), "dba"]));

        Assert.Empty(roster.Warnings);
        // Rich runs are concatenated; the phonetic guide (rPh) is not part of the text.
        Assert.Equal(["Ada Lovelace", "Grace Hopper", "Katherine Johnson", "Dorothy Vaughan", "Ada Lovelace"], roster.People.Select(p => p.Name));
        Assert.Equal(5, roster.Assignments.Count(a => a.RoleId == "dba"));
    }

    /// <summary>Real date cells: date-formatted serial numbers, in either date system, and ISO t="d" cells.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DateCells_GiveTheSameDate_In1900And1904DateSystems(bool date1904)
    {
        var book = XlsxBuilder.Roster(
            ["employee_id", "role", "last_training_date", "last_exercise_date", "role_start_date"],
            // Built-in short date (numFmtId 14), custom yyyy-mm-dd (164) with a time of day, and an ISO date cell.
            ["E1", "dba", Cell.Date(March31, date1904), Cell.Number(Serial(new DateOnly(2025, 12, 1), date1904) + 0.75, XlsxBuilder.Styles.CustomDate), Cell.IsoDate("2019-07-04T00:00:00")]);
        if (date1904) book.Date1904();
        var roster = Read(book);

        Assert.Empty(roster.Warnings);
        var ada = roster.People.Single();
        Assert.Equal((March31, new DateOnly(2025, 12, 1)), (ada.LastTraining!.Value, ada.LastExercise!.Value));
        Assert.Equal(new DateOnly(2019, 7, 4), roster.Assignments.Single().RoleStart);
    }

    private static double Serial(DateOnly date, bool date1904) => date.DayNumber - (date1904 ? new DateOnly(1904, 1, 1) : new DateOnly(1899, 12, 30)).DayNumber;

    [Fact]
    public void Date1904Serial_IsNotReadAsA1900Serial()
    {
        // 44650 is 2026-03-31 in the 1904 system but 2022-03-30 in the 1900 one.
        var roster = Read(XlsxBuilder.Roster(["employee_id", "role", "last_training_date"], ["E1", "dba", Cell.Date(44_650)]).Date1904());
        Assert.Equal(March31, roster.People.Single().LastTraining);
    }

    [Fact]
    public void Numbers_AreReadAsExperienceAndFte()
    {
        var roster = Read(XlsxBuilder.Roster(
            ["employee_id", "role", "assignment", "fte", "years_experience"],
            ["E1", "dba", "primary", 0.5, 12.5],
            // A percentage cell: 0.25 formatted as 25%.
            ["E2", "dba", "primary", Cell.Number(0.25, XlsxBuilder.Styles.Percent), 0],
            // An FTE written as text with a percent sign, experience as text with a unit.
            ["E3", "dba", "interim", "80%", "7 years"],
            // Out of range numbers are warnings, as in CSV.
            ["E4", "dba", "primary", 1.5, 75]));

        Assert.Equal([0.5, 0.25, 0.8, 1.0], roster.Assignments.Select(a => a.Fte));
        Assert.Equal([12.5, 0, 7, null], roster.People.Select(p => p.YearsExperience));
        Assert.Equal([("EXPERIENCE_INVALID", 5, "75"), ("FTE_INVALID", 5, "1.5")], roster.Warnings.Select(w => (w.Code, w.Row!.Value, w.Value!)));
    }

    [Fact]
    public void Booleans_AreReadAsTrueAndFalse()
    {
        var roster = Read(XlsxBuilder.Roster(
            ["employee_id", "role", "name", "years_experience", "last_training_date"],
            ["E1", "dba", Cell.Bool(true), Cell.Bool(false), Cell.Bool(true)]));

        Assert.Equal("TRUE", roster.People.Single().Name);
        Assert.Null(roster.People.Single().YearsExperience);
        Assert.Equal([("DATE_INVALID", "TRUE"), ("EXPERIENCE_INVALID", "FALSE")], roster.Warnings.Select(w => (w.Code, w.Value!)));
    }

    [Fact]
    public void EmptyCellsAndSparseRows_KeepColumnAlignment()
    {
        var roster = Read(new XlsxBuilder().Sheet("Roster", s => s
            .Row("employee_id", "name", "role", "site", "years_experience", "last_training_date")
            // Only A, C and F: B, D and E are absent, as Excel leaves empty cells out.
            .Row("E1", null, "dba", null, null, Cell.Date(March31))
            // Cells present but empty: a bare <c/>, a shared-string cell without <v>, an empty inline string.
            .Row("E2", Cell.Raw("<c r=\"B3\"/>"), "dba", Cell.Raw("<c r=\"D3\" t=\"s\"/>"), Cell.Raw("<c r=\"E3\" t=\"inlineStr\"><is><t></t></is></c>"), Cell.Date(March31))
            // Only the last column and the id.
            .Row("E3", null, "dba", null, null, null)
            .Row(null, null, null, "North", null, null)
            .Row("E4", "Dee", "dba", "South", 3, Cell.Date(March31))));

        var (e1, e2, e3, e4) = (Person(roster, "E1"), Person(roster, "E2"), Person(roster, "E3"), Person(roster, "E4"));
        Assert.Equal((null, null, null, March31), (e1.Name, e1.Site, e1.YearsExperience, e1.LastTraining));
        Assert.Equal((null, null, null, March31), (e2.Name, e2.Site, e2.YearsExperience, e2.LastTraining));
        Assert.Null(e3.Site);
        Assert.Equal(("Dee", "South", 3.0, March31), (e4.Name, e4.Site, e4.YearsExperience!.Value, e4.LastTraining!.Value));
        // Row 5 has a site and no id: the id is missing there, and nowhere else.
        Assert.Equal([("MISSING_EMPLOYEE_ID", 5)], roster.Warnings.Select(w => (w.Code, w.Row!.Value)));
    }

    [Fact]
    public void TitleRowAboveTheHeader_IsIgnored_AndRowsKeepTheirNumbers()
    {
        var roster = Read(new XlsxBuilder().Sheet("Roster", s => s
            .Row("IT staffing roster — exported 2026-11-20")
            .RowAt(3, "Emp ID", "Full Name", "Job Title")
            .Row("E1", "Ada", "CISO")
            .RowAt(6, "E2", "Bob", "Nurse Manager")));

        Assert.Equal(2, roster.Rows);
        Assert.Equal(4, roster.Assignments.Single().Row);
        var unknown = roster.Warning("ROLE_UNKNOWN");
        Assert.Equal(("Roster", 6, "Job Title", "Nurse Manager"), (unknown.Sheet, unknown.Row, unknown.Column, unknown.Value));
    }

    [Fact]
    public void HeaderMergedVerticallyOverTwoRows_TheSecondRowIsTheHeader()
    {
        // Row 1: "Job Title" merged down over A1:A2, and a group label "Person" merged across B1:C1.
        // Row 2: the person columns. Row 2 with A2 filled from the merge is the header.
        var roster = Read(new XlsxBuilder().Sheet("Roster", s => s
            .Row("Job Title", "Person")
            .Row(null, "Employee ID", "Full Name")
            .Row("dba", "E1", "Ada")
            .Row("CISO", "E2", "Grace")
            .Merge("A1:A2").Merge("B1:C1")));

        Assert.Empty(roster.Warnings);
        Assert.Equal(["Ada", "Grace"], roster.People.Select(p => p.Name));
        Assert.Equal([("dba", 3), ("security-official", 4)], roster.Assignments.Select(a => (a.RoleId, a.Row)));
    }

    [Fact]
    public void TwoRowHeader_WithTheIdAndRoleMergedDown_ReadsTheDataBelowBoth()
    {
        // The common two-row header: single columns merged down (A1:A2, B1:B2), a group label across
        // (C1:D1) with its sub-columns on row 2. The data starts on row 3; row 2 is part of the header, not a person.
        var roster = Read(new XlsxBuilder().Sheet("Roster", s => s
            .Row("Employee ID", "Job Title", "Dates")
            .Row(null, null, "Last Training", "Last Exercise")
            .Row("E1", "dba", Cell.Date(March31), Cell.Date(new DateOnly(2026, 1, 10)))
            .Merge("A1:A2").Merge("B1:B2").Merge("C1:D1")));

        var ada = Assert.Single(roster.People);
        Assert.Equal(("E1", March31, new DateOnly(2026, 1, 10)), (ada.Id, ada.LastTraining!.Value, ada.LastExercise!.Value));
        Assert.Equal(3, roster.Assignments.Single().Row);
        Assert.Empty(roster.Warnings);
    }

    [Theory]
    [InlineData("Roster")]
    [InlineData("ROSTER")]
    [InlineData(" roster ")]
    public void SheetNamedRoster_IsChosenOverAnEarlierSheet(string name)
    {
        var roster = Read(new XlsxBuilder()
            .Sheet("Last year", ["employee_id", "role"], ["OLD1", "dba"])
            .Sheet(name, ["employee_id", "role"], ["E1", "dba"]));

        Assert.Equal(name, roster.Sheet);
        Assert.Equal("E1", roster.People.Single().Id);
    }

    [Fact]
    public void FirstSheetWithAnEmployeeIdHeader_IsChosen_WhenNoneIsNamedRoster()
    {
        var roster = Read(new XlsxBuilder()
            .Sheet("How to fill", ["Fill in one row per person and role."], ["Dates as YYYY-MM-DD."])
            .Sheet("Staff", ["Staff roster"], ["Staff ID", "Position"], ["E1", "dba"])
            .Sheet("Staff (2)", ["employee_id", "role"], ["E9", "dba"]));

        Assert.Equal("Staff", roster.Sheet);
        Assert.Equal("E1", roster.People.Single().Id);
        Assert.Equal(3, roster.Assignments.Single().Row);
    }

    [Fact]
    public void HiddenSheets_AreIgnored_EvenOneNamedRoster()
    {
        var roster = Read(new XlsxBuilder()
            .Sheet("Roster", s => s.Hidden().Row("employee_id", "role").Row("HIDDEN", "dba"))
            .Sheet("Lookups", s => s.Hidden(veryHidden: true).Row("employee_id", "role").Row("VERYHIDDEN", "dba"))
            .Sheet("Data", ["employee_id", "role"], ["E1", "dba"]));

        Assert.Equal("Data", roster.Sheet);
        Assert.Equal("E1", roster.People.Single().Id);
    }

    [Fact]
    public void WarningRowNumbers_AreThePhysicalRowNumbers()
    {
        // Title on row 1, header on row 4, data on rows 5, 9 and 1,000 — blank rows absent from the XML.
        var roster = Read(new XlsxBuilder().Sheet("Roster", s => s
            .Row("Roster")
            .RowAt(4, "employee_id", "role", "years_experience", "last_training_date")
            .Row("E1", "dba", -3, null)
            .RowAt(9, "E2", "Nurse", 4, null)
            .RowAt(1_000, null, "dba", 1, Cell.Error("#N/A"))));

        Assert.Equal([("EXPERIENCE_INVALID", 5), ("ROLE_UNKNOWN", 9), ("CELL_ERROR", 1_000), ("MISSING_EMPLOYEE_ID", 1_000)],
            roster.Warnings.Select(w => (w.Code, w.Row!.Value)));
        Assert.Equal("D", roster.Warning("CELL_ERROR").Column);
        Assert.Equal([5, 9], roster.People.SelectMany(p => p.Rows));
    }

    [Fact]
    public void CellWarnings_SayWhosRowTheyAreOn()
    {
        // A name computed by a formula, a role showing an error, a name too long; the title above the header and a row
        // whose id is a formula never calculated are no one's.
        var roster = Read(new XlsxBuilder().Sheet("Roster", s => s
            .Row(Cell.Formula("\"IT roster \"&TEXT(TODAY(),\"yyyy\")", "IT roster 2026"))
            .Row("employee_id", "name", "role")
            .Row("E1", Cell.Formula("\"Ada \"&\"Lovelace\"", "Ada Lovelace"), "dba")
            .Row("E2", "Bob", Cell.Error("#N/A"))
            .Row("E3", Cell.Inline(new string('x', 40_000)), "dba")
            .Row(Cell.Formula("CONCAT(\"E\",ROW())"), "Cy", "dba")));

        Assert.Equal([("FORMULA", 1, null), ("FORMULA", 3, "E1"), ("CELL_ERROR", 4, "E2"), ("CELL_TOO_LONG", 5, "E3"), ("FORMULA", 6, null)],
            roster.Warnings.Where(w => w.Code != "MISSING_ROLE" && w.Code != "MISSING_EMPLOYEE_ID").Select(w => (w.Code, w.Row!.Value, w.PersonId)));
    }

    [Fact]
    public void TheSameRoster_AsCsvAndAsXlsx_GivesEqualPeopleAndSeats()
    {
        const string csv =
            "employee_id,name,role,assignment,employment_type,vendor,contract_end_date,fte,site,role_start_date,years_experience,certifications,competencies,last_training_date,last_exercise_date,departure_date\n" +
            "E1,Ada Lovelace,security-official,primary,employee,,,1,Main,2020-01-15,12,CISSP:2027-03-31; HCISPP,hipaa-security=3; risk-analysis=4,2026-06-01,2026-02-01,\n" +
            "E2,Grace Hopper,Information Security Officer,backup,contractor,Acme,2027-06-30,0.2,,,6,,hipaa-security=2,,,\n" +
            "E2,Grace Hopper,dba,primary,contractor,Acme,2027-06-30,0.5,,2024-03-01,6,,,2026-05-05,,\n" +
            "E3,Kay,Nurse Manager,primary,employee,,,,North,,3,,,,,2027-01-31\n" +
            ",Nobody,dba,,,,,,,,,,,,,\n" +
            "E4,Lin,dba,backup,msp,,,,,,,CISSP,,,,\n";
        Cell D(int y, int m, int d) => Cell.Date(new DateOnly(y, m, d));
        var xlsx = XlsxBuilder.Roster(
            ["employee_id", "name", "role", "assignment", "employment_type", "vendor", "contract_end_date", "fte", "site", "role_start_date",
             "years_experience", "certifications", "competencies", "last_training_date", "last_exercise_date", "departure_date"],
            ["E1", "Ada Lovelace", "security-official", "primary", "employee", null, null, 1, "Main", D(2020, 1, 15), 12, "CISSP:2027-03-31; HCISPP", "hipaa-security=3; risk-analysis=4", D(2026, 6, 1), D(2026, 2, 1), null],
            ["E2", "Grace Hopper", "Information Security Officer", "backup", "contractor", "Acme", D(2027, 6, 30), 0.2, null, null, 6, null, "hipaa-security=2", null, null, null],
            ["E2", "Grace Hopper", "dba", "primary", "contractor", "Acme", D(2027, 6, 30), 0.5, null, D(2024, 3, 1), 6, null, null, D(2026, 5, 5), null, null],
            ["E3", "Kay", "Nurse Manager", "primary", "employee", null, null, null, "North", null, 3, null, null, null, null, D(2027, 1, 31)],
            [null, "Nobody", "dba"],
            ["E4", "Lin", "dba", "backup", "msp", null, null, null, null, null, null, "CISSP"]);

        var fromCsv = Import.Roster(csv);
        var fromXlsx = Read(xlsx);

        Assert.Equal(Json(fromCsv.People), Json(fromXlsx.People));
        Assert.Equal(Json(fromCsv.Assignments), Json(fromXlsx.Assignments));
        Assert.Equal(fromCsv.Rows, fromXlsx.Rows);
        Assert.Equal(fromCsv.Warnings.Select(w => (w.Row, w.Column, w.Value, w.Code)), fromXlsx.Warnings.Select(w => (w.Row, w.Column, w.Value, w.Code)));
        Assert.Equal(["ROLE_UNKNOWN", "MISSING_EMPLOYEE_ID", "VENDOR_MISSING"], fromXlsx.Warnings.Select(w => w.Code));
        Assert.NotEqual(fromCsv.Sha256, fromXlsx.Sha256);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    [Fact]
    public void FormulaAboveTheHeader_OfASheetChosenByItsHeader_IsOneWarningNamingTheSheet()
    {
        // No sheet is named Roster, so the reader looks for the header in each sheet's first rows; the title
        // is a formula. It must be reported once, like any other cell, with the sheet's name.
        var roster = Read(new XlsxBuilder().Sheet("Sheet1",
            [Cell.Formula("\"IT roster \"&TEXT(TODAY(),\"yyyy\")", "IT roster 2026")],
            ["employee_id", "role", Cell.Error("#REF!")],
            ["E1", "dba"]));

        Assert.Equal([("FORMULA", 1, "Sheet1"), ("CELL_ERROR", 2, "Sheet1")], roster.Warnings.Select(w => (w.Code, w.Row!.Value, w.Sheet!)));
    }
}
