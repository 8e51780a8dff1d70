using System.Text;
using ComplianceRisk.Documents.Rosters;

namespace ComplianceRisk.Documents.Tests;

/// <summary>
/// Broken and hostile CSV files: each is rejected with one clear error, or read with warnings that name
/// the row and column. The timeouts only catch hangs; speed is measured by benchmarks, not here.
/// </summary>
public sealed class MalformedCsvTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static TheoryData<string, byte[], string, string> Rejections => new()
    {
        // name, bytes, code, part of the message or hint a person needs
        { "empty file", [], "EMPTY", "empty" },
        { "only blank lines", Utf8("\n\n,,\n"), "EMPTY", "empty" },
        { "header only", Utf8("employee_id,name,role\n"), "NO_DATA_ROWS", "no people" },
        { "no employee id column", Utf8("name,role\nAda,dba\n"), "NO_EMPLOYEE_ID_COLUMN", "employee_id" },
        { "no role column", Utf8("employee_id,name\nE1,Ada\n"), "NO_ROLE_COLUMN", "role" },
        { "header below row 10", Utf8(string.Concat(Enumerable.Repeat("title\n", 10)) + "employee_id,role\nE1,dba\n"), "NO_EMPLOYEE_ID_COLUMN", "first 10 rows" },
        // Colon-separated: one cell per line, which the hint explains.
        { "wrong delimiter", Utf8("employee_id:name:role\nE1:Ada:dba\n"), "NO_EMPLOYEE_ID_COLUMN", "employee id" },
        { "binary junk renamed .csv", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x13, 0x37, 0x00, 0xFF], "NOT_TEXT", "binary" },
        { "truncated workbook renamed .csv", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], "ZIP_CORRUPT", "damaged" },
        { "legacy .xls or encrypted workbook", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00], "LEGACY_OR_ENCRYPTED_WORKBOOK", "password" },
        // "Excel" exports that are markup under an .xls name (the content decides, not the name).
        { "web page exported as .xls", Utf8("\uFEFF<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\n<body><table><tr><td>employee_id</td><td>role</td></tr><tr><td>E1</td><td>dba</td></tr></table></body></html>"), "HTML_DOCUMENT", "web page" },
        { "web page with a doctype", Utf8("\r\n  <!DOCTYPE html>\n<html><body><table><tr><td>employee_id</td></tr></table></body></html>"), "HTML_DOCUMENT", "save it as an Excel workbook" },
        { "bare HTML table", Utf8("<table border=1><tr><th>Employee ID</th><th>Role</th></tr><tr><td>E1</td><td>dba</td></tr></table>"), "HTML_DOCUMENT", "HTML" },
        { "XHTML page", Utf8("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><table/></body></html>"), "HTML_DOCUMENT", "web page" },
        { "web page in UTF-16", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("<html><body><table><tr><td>employee_id</td></tr></table></body></html>")], "HTML_DOCUMENT", "web page" },
        { "Excel 2003 XML spreadsheet", Utf8("<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"Roster\"><Table><Row><Cell><Data ss:Type=\"String\">employee_id</Data></Cell></Row></Table></Worksheet></Workbook>"), "XML_DOCUMENT", "Excel 2003 XML spreadsheet" },
        { "other XML", Utf8("<?xml version=\"1.0\"?><employees><employee id=\"E1\" role=\"dba\"/></employees>"), "XML_DOCUMENT", "XML document" },
        // Another of the tool's own documents given where the roster goes, told by its first properties.
        { "an assessment", Utf8("\uFEFF{\n  \"schemaVersion\": \"1.0\",\n  \"assessmentId\": \"c5c95af5\",\n  \"organization\": {"), "JSON_DOCUMENT", "This file is an assessment, not a CSV file" },
        { "a profile", Utf8("  {\"id\": \"pecan-creek\", \"orgTypes\": [\"hospital\"], \"jurisdictions\": [\"US-TX\"]}"), "JSON_DOCUMENT", "This file is an organization profile, not" },
        { "other JSON", Utf8("{\"people\": [{\"id\": \"E1\", \"role\": \"dba\"}]}"), "JSON_DOCUMENT", "This file is a JSON document, not" },
    };

    /// <summary>Text that only starts like markup is still read as CSV: a title row may well begin with '<'.</summary>
    [Fact]
    public void TitleRowStartingWithAnAngleBracket_IsStillACsvRoster()
    {
        var roster = Import.Roster("<Confidential> IT roster\nemployee_id,role\nE1,dba\n");
        Assert.Equal("E1", Assert.Single(roster.People).Id);
    }

    [Theory(Timeout = 20_000)]
    [MemberData(nameof(Rejections))]
    public async Task Rejected_WithAClearReason(string name, byte[] bytes, string code, string words)
    {
        var rejection = await Task.Run(() => Import.Rejected(bytes));
        Assert.True(code == rejection.Code, $"{name}: expected {code}, got {rejection.Code}: {rejection}");
        Assert.Contains(words, rejection.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SemicolonInsideOneCell_HintNamesTheSeparator()
    {
        // A header that CsvHelper could not split (quoted as one field) ends up as one cell containing ';'.
        var rejection = Import.Rejected(Utf8("\"emp;name;role\"\n\"E1;Ada;dba\"\n"));
        Assert.Contains("contains ';'", rejection.Hint);
    }

    [Fact(Timeout = 60_000)]
    public async Task TenMegabyteCell_IsIgnoredWithRowAndColumn()
    {
        var csv = "employee_id,name,role\nE1," + new string('x', 10 * 1024 * 1024) + ",dba\nE2,Bob,dba\n";
        var roster = await Task.Run(() => Import.Roster(csv));
        var warning = roster.Warning("CELL_TOO_LONG");
        Assert.Equal((2, "B"), (warning.Row, warning.Column));
        Assert.Contains("10,485,760 characters", warning.Message);
        Assert.Null(roster.People.Single(p => p.Id == "E1").Name);
        Assert.Equal(2, roster.Assignments.Length);
    }

    [Fact]
    public void TooManyColumns_IsRejectedWithTheRow()
    {
        var header = "employee_id,role," + string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"c{i}"));
        var rejection = Import.Rejected(Utf8(header + "\nE1,dba\n"));
        Assert.Equal(("TOO_MANY_COLUMNS", 1), (rejection.Code, rejection.Row));
    }

    [Fact]
    public void TooLarge_IsRejectedBeforeReading()
    {
        var rejection = Import.Rejected(Utf8("employee_id,role\nE1,dba\n"), new RosterLimits { MaxBytes = 10 });
        Assert.Equal("TOO_LARGE", rejection.Code);
    }

    /// <summary>Row problems: warnings with row, column and value; the rest of the row is still used.</summary>
    public static TheoryData<string, string, string, int, string, string> RowProblems => new()
    {
        // name, data row (header: employee_id,role,years_experience,competencies,last_training_date), code, row, column, value
        { "impossible date", "E1,dba,5,,31/02/2026", "DATE_INVALID", 2, "last_training_date", "31/02/2026" },
        { "ambiguous date", "E1,dba,5,,03/04/2026", "DATE_AMBIGUOUS", 2, "last_training_date", "03/04/2026" },
        { "negative experience", "E1,dba,-3,,", "EXPERIENCE_INVALID", 2, "years_experience", "-3" },
        { "experience as words", "E1,dba,lots,,", "EXPERIENCE_INVALID", 2, "years_experience", "lots" },
        { "level 7", "E1,dba,5,database-admin=7,", "COMPETENCY_LEVEL_INVALID", 2, "competencies", "7" },
        { "level as a word", "E1,dba,5,database-admin=expert,", "COMPETENCY_LEVEL_NAMED", 2, "competencies", "expert" },
        { "level missing", "E1,dba,5,database-admin,", "COMPETENCY_LEVEL_INVALID", 2, "competencies", "database-admin" },
        { "unknown competency", "E1,dba,5,databse-admin=3,", "COMPETENCY_UNKNOWN", 2, "competencies", "databse-admin=3" },
        { "missing employee id", ",dba,5,,", "MISSING_EMPLOYEE_ID", 2, "employee_id", "" },
        { "missing role", "E1,,5,,", "MISSING_ROLE", 2, "role", "" },
        { "value beyond the header", "E1,dba,5,,,surprise", "CELL_OUTSIDE_HEADER", 2, "F", "surprise" },
    };

    [Theory]
    [MemberData(nameof(RowProblems))]
    public void RowProblem_IsAWarningWithRowColumnAndValue(string name, string row, string code, int rowNumber, string column, string value)
    {
        var roster = Import.Roster("employee_id,role,years_experience,competencies,last_training_date\n" + row + "\n");
        var warning = Assert.Single(roster.Warnings);
        Assert.True(code == warning.Code, $"{name}: expected {code}, got {warning.Code}: {warning.Message}");
        Assert.Equal((rowNumber, column, value), (warning.Row, warning.Column, warning.Value));
        Assert.False(string.IsNullOrWhiteSpace(warning.Hint));
    }

    /// <summary>
    /// A header cell left blank (a column's name deleted, or the empty field spreadsheet programs add after the last
    /// column): the values below it are ignored, and each is said to be, as one right of the header is.
    /// </summary>
    [Theory]
    [InlineData("employee_id,,role\nE1,database-admin=3,dba\n", "B", "database-admin=3")]
    [InlineData("employee_id,role,\nE1,dba,note for HR\n", "C", "note for HR")]
    [InlineData("employee_id,role,,\nE1,dba,,later\n", "D", "later")]
    public void ValueUnderABlankHeaderCell_IsAWarningNotDroppedUnseen(string csv, string column, string value)
    {
        var roster = Import.Roster(csv);
        var warning = Assert.Single(roster.Warnings);
        Assert.Equal(("CELL_OUTSIDE_HEADER", 2, column, value, "E1"), (warning.Code, warning.Row, warning.Column, warning.Value, warning.PersonId));
        Assert.Single(roster.Assignments);
    }

    [Fact]
    public void LevelAsAWord_IsStillUsed()
    {
        var roster = Import.Roster("employee_id,role,competencies\nE1,dba,database-admin=expert; sql-analytics=7\n");
        Assert.Equal(4, roster.People.Single().Competencies["database-admin"]);
        Assert.False(roster.People.Single().Competencies.ContainsKey("sql-analytics"));
    }

    [Fact]
    public void DuplicateEmployeeIds_WithConflictingData_KeepTheFirstAndSaySo()
    {
        var roster = Import.Roster("employee_id,name,role,years_experience,departure_date\nE1,Ada,dba,5,\nE1,Ada B.,soc-analyst,7,2027-01-01\n");
        Assert.Equal(["Ada", "5"], new[] { roster.People.Single().Name!, roster.People.Single().YearsExperience!.Value.ToString() });
        Assert.Equal(new DateOnly(2027, 1, 1), roster.People.Single().Departure);
        Assert.Equal(["name", "years_experience"], roster.Warnings.Where(w => w.Code == "PERSON_CONFLICT").Select(w => w.Column));
    }

    /// <summary>A quote opened and never closed takes the rest of the file into its row: the warning says so, and how many lines.</summary>
    [Fact]
    public void AQuoteNeverClosed_SaysTheLinesAfterItWereReadIntoItsRow()
    {
        var roster = Import.Roster("employee_id,name,role\nE1,Ada,dba\nE2,\"Bob,dba\nE3,Cy,dba\nE4,Di,dba\n");
        Assert.Equal(["E1", "E2"], roster.People.Select(p => p.Id));
        var warning = roster.Warning("CSV_BAD_QUOTE");
        Assert.Equal((3, "E2"), (warning.Row, warning.PersonId));
        Assert.Contains("the 2 lines after it were read into row 3, not as rows of their own", warning.Message);
        Assert.Contains("Close or remove the quote on row 3", warning.Hint);
    }

    /// <summary>
    /// A title holding a semicolon above a header that names no employee id column: the hint lists the names an id
    /// column may have, rather than blaming the separator. A header saved with another separator still gets that hint.
    /// </summary>
    [Theory]
    [InlineData("IT roster; kept by HR\nBadge,name,role\nE1,Ada,dba\n", "'Emp ID'")]
    [InlineData("employee_id;name;role\nE1;Ada;dba\n", null)]
    [InlineData("\"Employee ID|Name|Role\"\n\"E1|Ada|dba\"\n", "one consistent separator")]
    public void NoEmployeeIdColumn_HintsAtTheSeparatorOnlyWhenTheHeaderIsOneCell(string csv, string? hint)
    {
        var result = Import.Text(csv);
        if (hint is null)
        {
            Assert.Null(result.Rejection);
            return;
        }
        var rejection = result.Rejection!;
        Assert.Equal("NO_EMPLOYEE_ID_COLUMN", rejection.Code);
        Assert.Contains(hint, rejection.Hint);
        Assert.DoesNotContain("sheet", rejection.Message);
    }

    /// <summary>A file of one cell too long to read is not called empty: the rejection says what was dropped and where.</summary>
    [Fact]
    public void AFileOfOneOverlongCell_IsRejectedSayingWhyNotThatItIsEmpty()
    {
        var rejection = Import.Rejected(Utf8(new string('a', 100_000)));
        Assert.Equal(("EMPTY", 1, "A"), (rejection.Code, rejection.Row, rejection.Column));
        Assert.Contains("nothing that could be read", rejection.Message);
        Assert.Contains("100,000 characters", rejection.Message);
        Assert.Contains("Shorten the cell", rejection.Hint);
    }

    /// <summary>A warning about an empty cell names the column as the roster heads it, as every other warning does.</summary>
    [Fact]
    public void AMissingValue_IsNamedByTheRostersOwnHeader()
    {
        var roster = Import.Roster("Staff ID,Full Name,Position\n,Ada,dba\nE2,Bob,\n");
        Assert.Equal([("MISSING_EMPLOYEE_ID", "Staff ID"), ("MISSING_ROLE", "Position")], roster.Warnings.Select(w => (w.Code, w.Column)));
    }

    /// <summary>
    /// Excel's "sep=" first line states the separator and is hidden when Excel opens the file, so rows are numbered as
    /// Excel shows them: the header is row 1.
    /// </summary>
    [Theory]
    [InlineData("sep=;\nemployee_id;name;role;last_training_date\nE1;Ada;dba;31/02/2026\n")]
    [InlineData("SEP=|\r\nemployee_id|name|role|last_training_date\r\nE1|Ada|dba|31/02/2026\r\n")]
    [InlineData("sep=\t\nemployee_id\tname\trole\tlast_training_date\nE1\tAda; the DBA\tdba\t31/02/2026\n")]
    public void AnExcelSeparatorLine_StatesTheSeparatorAndIsNotARow(string csv)
    {
        var roster = Import.Roster(csv);
        Assert.Equal(("E1", "dba"), (roster.People.Single().Id, roster.Assignments.Single().RoleId));
        Assert.Equal(2, roster.Rows is 1 ? roster.Warning("DATE_INVALID").Row : -1);
    }

    [Fact]
    public void StrayQuote_IsReadAsWrittenWithAWarning()
    {
        var roster = Import.Roster("employee_id,name,role\nE1,Ada \"The\" Countess,dba\n");
        Assert.Equal(2, roster.Warning("CSV_BAD_QUOTE").Row);
        Assert.Single(roster.Assignments);
    }

    [Fact]
    public void ManyWarnings_AreBoundedAndCounted()
    {
        var rows = string.Concat(Enumerable.Range(0, 12_000).Select(i => $"E{i},Nurse\n"));
        var roster = Import.Roster("employee_id,role\n" + rows);
        Assert.Equal(10_000, roster.Warnings.Count(w => w.Code == "ROLE_UNKNOWN"));
        Assert.Contains("2,000 more ROLE_UNKNOWN warnings", roster.Warning("TOO_MANY_WARNINGS").Message);
    }
}
