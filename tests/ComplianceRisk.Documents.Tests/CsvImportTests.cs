using System.Globalization;
using System.Text;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Tests;

/// <summary>DESIGN §4 rules as a CSV roster exercises them.</summary>
public sealed class CsvImportTests
{
    private const string Header = "employee_id,name,role,assignment,employment_type,vendor,fte,role_start_date,years_experience,certifications,competencies,last_training_date\n";

    [Fact]
    public void CanonicalColumns_AreRead()
    {
        var roster = Import.Roster(Header +
            "E1,Ada Lovelace,security-official,primary,employee,,,2020-01-15,12,CISSP:2027-03-31; HCISPP,hipaa-security=3; risk-analysis=4,2026-06-01\n" +
            "E2,Grace Hopper,Information Security Officer,backup,contractor,Acme,0.2,,6,,hipaa-security=2,\n");
        Assert.Equal(2, roster.Rows);
        var ada = roster.People.Single(p => p.Id == "E1");
        Assert.Equal("Ada Lovelace", ada.Name);
        Assert.Equal(12, ada.YearsExperience);
        Assert.Equal([new HeldCertification("cissp", new DateOnly(2027, 3, 31)), new HeldCertification("hcispp", null)], ada.Certifications);
        Assert.Equal(4, ada.Competencies["risk-analysis"]);
        Assert.Equal(new DateOnly(2026, 6, 1), ada.LastTraining);
        var grace = roster.People.Single(p => p.Id == "E2");
        Assert.Equal(EmploymentType.Contractor, grace.EmploymentType);
        Assert.Equal("Acme", grace.Vendor);
        Assert.Equal([("E1", "security-official", Assignment.Primary, 1.0, 2), ("E2", "security-official", Assignment.Backup, 0.2, 3)],
            roster.Assignments.Select(a => (a.PersonId, a.RoleId, a.Assignment, a.Fte, a.Row)));
        Assert.Empty(roster.Warnings);
    }

    [Fact]
    public void AliasHeaders_TitleRows_BlankRows_RowNumbersAsASpreadsheetShows()
    {
        // Row 1 title, row 2 blank, row 3 header, row 4 data, row 5 blank, row 6 data with an unknown title.
        var csv = "IT Staffing Roster — exported 2026-11-20,,\r\n,,\r\nEmp ID,Full Name,Job Title\r\nE1,Ada,CISO\r\n,,\r\nE2,Bob,Nurse Manager\r\n";
        var roster = Import.Roster(csv);
        Assert.Equal(2, roster.Rows);
        Assert.Equal(4, roster.Assignments.Single().Row);
        var unknown = roster.Warning("ROLE_UNKNOWN");
        Assert.Equal((6, "Job Title", "Nurse Manager"), (unknown.Row, unknown.Column, unknown.Value));
        Assert.Equal("CSV", unknown.Sheet);
    }

    [Fact]
    public void QuotedFields_KeepSeparatorsAndLineBreaks_AndCountAsOneRow()
    {
        var roster = Import.Roster("employee_id,name,role\nE1,\"Lovelace, Ada\",dba\nE2,\"Two\nLines\",dba\nE3,x,Nurse\n");
        Assert.Equal("Lovelace, Ada", roster.People[0].Name);
        Assert.Equal("Two\nLines", roster.People[1].Name);
        Assert.Equal(4, roster.Warning("ROLE_UNKNOWN").Row);
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData("|")]
    public void OtherSeparators_AreDetected(string separator)
    {
        var roster = Import.Roster($"employee_id{separator}role{separator}competencies\nE1{separator}dba{separator}database-admin=3, sql-analytics=2\n");
        Assert.Equal(3, roster.People.Single().Competencies["database-admin"]);
    }

    public static TheoryData<string, string> SeparatorsUnderATitle => new()
    {
        // A bare title, as a hand-made file or an HR system's export starts: no separator at all.
        { ";", "Staff roster November 2026" },
        { "\t", "Staff roster November 2026" },
        { "|", "Staff roster November 2026" },
        { ",", "Staff roster November 2026" },
        // A title holding another candidate once, which every data row holds too (unquoted competencies).
        { "\t", "IT staffing roster (kept by the IT Director; last updated 2026-11-20)" },
        { ",", "IT staffing roster (kept by the IT Director; last updated 2026-11-20)" },
        { ";", "IT staffing roster, as of November" },
        // A title as a spreadsheet program saves it: padded with separators to the sheet's width.
        { ";", "Staff roster November 2026;;;" },
    };

    [Theory]
    [MemberData(nameof(SeparatorsUnderATitle))]
    public void TheSeparator_IsDetected_UnderATitleRow(string separator, string title)
    {
        // Fields are quoted only where they hold the separator, as spreadsheet programs write them.
        string Row(params string[] fields) => string.Join(separator, fields.Select(f => f.Contains(separator, StringComparison.Ordinal) ? $"\"{f}\"" : f));
        var csv = string.Join("\r\n",
            title,
            Row("employee_id", "name", "role", "competencies"),
            Row("E1", "Lovelace, Ada", "dba", "database-admin=3; sql-analytics=2"),
            Row("E2", "Hopper; Grace", "dba", "database-admin=2; sql-analytics=4"),
            Row("E3", "Ng", "dba", "database-admin=1; sql-analytics=1")) + "\r\n";

        var roster = Import.Roster(csv);

        Assert.Equal(["E1", "E2", "E3"], roster.People.Select(p => p.Id));
        Assert.Equal(["Lovelace, Ada", "Hopper; Grace", "Ng"], roster.People.Select(p => p.Name));
        Assert.Equal([3, 2, 1], roster.People.Select(p => p.Competencies["database-admin"]));
        Assert.Equal([2, 4, 1], roster.People.Select(p => p.Competencies["sql-analytics"]));
    }

    [Fact]
    public void TheSeparator_IsDetected_InRowsShortenedByHand_UnderATitleWithASemicolon()
    {
        // Trailing empty fields left out, so no two rows hold as many commas; every line holds one semicolon.
        var roster = Import.Roster(
            "IT staffing roster (kept by the IT Director; last updated 2026-11-20)\n" +
            "employee_id,name,role,competencies,certifications,last_training_date\n" +
            "E1,Ada,dba,database-admin=3; sql-analytics=2\n" +
            "E2,Bo,dba,database-admin=2; sql-analytics=4,CISSP\n" +
            "E3,Cy,dba,database-admin=1; sql-analytics=1,,2026-06-01\n");

        Assert.Equal(["E1", "E2", "E3"], roster.People.Select(p => p.Id));
        Assert.Equal([3, 2, 1], roster.People.Select(p => p.Competencies["database-admin"]));
        Assert.Equal(new DateOnly(2026, 6, 1), roster.People[2].LastTraining);
    }

    [Fact]
    public void ByteOrderMarks_AreHonoured()
    {
        var utf8 = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("employee_id,name,role\nE1,Zoë,dba\n")).ToArray();
        Assert.Equal("Zoë", Import.Bytes(utf8).Roster!.People.Single().Name);
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("employee_id,name,role\nE1,Zoë,dba\n")).ToArray();
        Assert.Equal("Zoë", Import.Bytes(utf16).Roster!.People.Single().Name);
    }

    [Fact]
    public void InvalidUtf8_IsReplacedAndReportedWithRowAndColumn()
    {
        var bytes = Encoding.UTF8.GetBytes("employee_id,name,role\nE1,Zo").Concat(new byte[] { 0xEB }).Concat(Encoding.UTF8.GetBytes(",dba\n")).ToArray();
        var warning = Import.Bytes(bytes).Roster!.Warning("INVALID_TEXT");
        Assert.Equal((2, "B"), (warning.Row, warning.Column));
    }

    [Fact]
    public void PersonRows_AreMerged_ConflictsNamedWithBothRowsAndTheValueKept()
    {
        var roster = Import.Roster("employee_id,role,assignment,employment_type,years_experience,certifications\n" +
            "E1,dba,primary,employee,8,CISSP:2027-03-31\n" +
            "E1,soc-analyst,backup,contractor,8,Security+\n");
        var person = roster.People.Single();
        Assert.Equal(EmploymentType.Employee, person.EmploymentType);
        Assert.Equal(["cissp", "security-plus"], person.Certifications.Select(c => c.CertificationId));
        Assert.Equal([2, 3], person.Rows);
        Assert.Equal(2, roster.Assignments.Length);
        var conflict = roster.Warning("PERSON_CONFLICT");
        Assert.Equal((3, "employment_type", "contractor"), (conflict.Row, conflict.Column, conflict.Value));
        Assert.Equal("E1: row 2 gives employment type 'employee', row 3 gives 'contractor'; kept 'employee' (row 2)", conflict.Message);
    }

    [Fact]
    public void AnUnreadableCertificateExpiry_IsNamedOnce_AndTheCertificateCountsAsCurrent()
    {
        var roster = Import.Roster("employee_id,role,certifications\nE1,dba,CISSP:2026-13-01\n");
        Assert.Equal([new HeldCertification("cissp", null)], roster.People.Single().Certifications);
        var warning = roster.Warning("CERT_EXPIRY_INVALID");
        Assert.Equal("E1: the expiry of CISSP: '2026-13-01' is not a date: there is no month 13; the certification was counted as current", warning.Message);
    }

    [Fact]
    public void OneCellNamingACompetencyTwice_IsAConflictWithinTheRow()
    {
        var roster = Import.Roster("employee_id,role,competencies\nE1,dba,database-admin=3; Database Administration=4\n");
        Assert.Equal(3, roster.People.Single().Competencies["database-admin"]);
        var conflict = roster.Warning("PERSON_CONFLICT");
        Assert.Equal((2, "competencies", "4"), (conflict.Row, conflict.Column, conflict.Value));
        Assert.Equal("E1: row 2 gives the level of database-admin twice, '3' and '4'; kept '3'", conflict.Message);
        Assert.Equal("Give each value once", conflict.Hint);
    }

    [Fact]
    public void ALaterRowsCompetencies_AreMergedIntoTheFirstRowsLevels_ConflictsNamingTheRowThatGaveThem()
    {
        // The first row's levels are kept as a set other people share; the later rows add to the person's own copy.
        var roster = Import.Roster("employee_id,role,competencies\n" +
            "E1,dba,database-admin=3; iam=1\n" +
            "E2,soc-analyst,database-admin=3; iam=1\n" +
            "E1,soc-analyst,database-admin=4; vuln-management=2\n" +
            "E1,security-official,iam=1; vuln-management=3\n");
        var person = roster.People.Single(p => p.Id == "E1");
        Assert.Equal([("database-admin", 3), ("iam", 1), ("vuln-management", 2)], person.Competencies.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)));
        Assert.Equal([("database-admin", 3), ("iam", 1)], roster.People.Single(p => p.Id == "E2").Competencies.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)));
        Assert.Equal([
            "E1: row 2 gives the level of database-admin '3', row 4 gives '4'; kept '3' (row 2)",
            "E1: row 4 gives the level of vuln-management '2', row 5 gives '3'; kept '2' (row 4)",
        ], roster.Warnings.Where(w => w.Code == "PERSON_CONFLICT").Select(w => w.Message));
    }

    [Fact]
    public void SamePersonSameRoleTwice_KeepsTheFirstRow()
    {
        var roster = Import.Roster("employee_id,role,assignment\nE1,dba,primary\nE1,Database Administrator,backup\n");
        Assert.Equal(Assignment.Primary, roster.Assignments.Single().Assignment);
        Assert.Equal(3, roster.Warning("DUPLICATE_SEAT").Row);
    }

    [Theory]
    [InlineData("primary", 1.0)]
    [InlineData("interim", 1.0)]
    [InlineData("backup", 0.0)]
    public void Fte_DefaultsByAssignment(string assignment, double fte) =>
        Assert.Equal(fte, Import.Roster($"employee_id,role,assignment\nE1,dba,{assignment}\n").Assignments.Single().Fte);

    [Theory]
    [InlineData("0.5", 0.5, null)]
    [InlineData("50%", 0.5, null)]
    [InlineData("1.5", 1.0, "FTE_INVALID")]
    [InlineData("half", 1.0, "FTE_INVALID")]
    public void Fte_IsRead(string text, double expected, string? warning)
    {
        var roster = Import.Roster($"employee_id,role,fte\nE1,dba,{text}\n");
        Assert.Equal(expected, roster.Assignments.Single().Fte);
        Assert.Equal(warning, roster.Warnings.SingleOrDefault()?.Code);
    }

    [Fact]
    public void RoleNearMatch_IsSuggested_AndKeptOutOfScoring()
    {
        var roster = Import.Roster("employee_id,role\nE1,Sr. Network Engineer\nE2,Netwrk Engineer\n");
        Assert.Empty(roster.Assignments);
        var warnings = roster.Warnings.Where(w => w.Code == "ROLE_NEAR_MATCH").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("did you mean 'Network Engineer' (network-engineer)?", w.Message));
        Assert.Contains("roleAliases", warnings[0].Hint);
        // The person's details are still kept.
        Assert.Equal(2, roster.People.Length);
    }

    [Fact]
    public void OrganizationRoleAlias_Resolves()
    {
        var profile = Engine.Organizations.OrganizationProfile.Create("o", null, ["hospital"], ["US"],
            roleAliases: new Dictionary<string, string> { ["Sr. Network Engineer"] = "network-engineer" }).GetValueOrThrow();
        Assert.Equal("network-engineer", Import.Roster("employee_id,role\nE1,SR NETWORK ENGINEER\n", profile).Assignments.Single().RoleId);
    }

    /// <summary>An organization that states its date order has 03/04 read its way, and is not warned of an assumption it did not leave to us.</summary>
    [Theory]
    [InlineData(DateOrder.DayFirst, "2026-04-03", "2027-08-07")]
    [InlineData(DateOrder.MonthFirst, "2026-03-04", "2027-07-08")]
    public void AStatedDateOrder_ReadsAmbiguousDatesWithoutAWarning(DateOrder order, string training, string expiry)
    {
        var profile = Engine.Organizations.OrganizationProfile.Create("o", null, ["hospital"], ["US"], policy: new ProfilePolicy { DateOrder = order }).GetValueOrThrow();
        var roster = Import.Roster("employee_id,role,last_training_date,certifications\nE1,dba,03/04/2026,CISSP:07/08/2027\n", profile);
        var person = roster.People.Single();
        Assert.Equal((training, expiry), (person.LastTraining?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), person.Certifications.Single().Expires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.Empty(roster.Warnings);
        // Without a stated order the same roster is read month first, and both dates say so.
        Assert.Equal(2, Import.Roster("employee_id,role,last_training_date,certifications\nE1,dba,03/04/2026,CISSP:07/08/2027\n").Warnings.Count(w => w.Code == "DATE_AMBIGUOUS"));
    }

    [Fact]
    public void UnknownAndDuplicateColumns_AreReported_OnTheHeaderRow()
    {
        var roster = Import.Roster("employee_id,role,Manager,Emp ID\nE1,dba,Jane,E9\n");
        var unknown = roster.Warning("UNKNOWN_COLUMN");
        Assert.Equal((1, "Manager"), (unknown.Row, unknown.Column));
        Assert.Equal((1, "Emp ID"), (roster.Warning("DUPLICATE_COLUMN").Row, roster.Warning("DUPLICATE_COLUMN").Column));
        Assert.Equal("E1", roster.People.Single().Id);
    }

    [Fact]
    public void WideSkillColumns_AreRead()
    {
        var roster = Import.Roster("employee_id,role,skill:fhir,skill:HL7 v2,skill:fhirr\nE1,integration-engineer,3,expert,2\n");
        var person = roster.People.Single();
        Assert.Equal(3, person.Competencies["fhir"]);
        Assert.Equal("SKILL_COLUMN_UNKNOWN", roster.Warnings.Single(w => w.Row == 1).Code);
        Assert.Contains("skill:", roster.Warnings.Single(w => w.Row == 1).Hint);
    }

    [Theory]
    [InlineData("CISSP:2027-03-31", "cissp", "2027-03-31")]
    [InlineData("Security+", "security-plus", null)]
    [InlineData("CompTIA Security+ (exp. 2026-12-01)", "security-plus", "2026-12-01")]
    [InlineData("cipp/us : 31/03/2027", "cipp-us", "2027-03-31")]
    [InlineData("hcispp", "hcispp", null)]
    public void Certifications_AreReadInTheWaysPeopleWriteThem(string text, string id, string? expires)
    {
        var held = Import.Roster($"employee_id,role,certifications\nE1,dba,\"{text}\"\n").People.Single().Certifications.Single();
        Assert.Equal(id, held.CertificationId);
        Assert.Equal(expires, held.Expires?.ToString("yyyy-MM-dd"));
    }

    [Fact]
    public void UnknownCertification_IsAWarningWithASuggestion()
    {
        var roster = Import.Roster("employee_id,role,certifications\nE1,dba,CISSSP:2027-01-01\n");
        Assert.Empty(roster.People.Single().Certifications);
        var warning = roster.Warning("CERT_UNKNOWN");
        Assert.Equal((2, "certifications", "CISSSP:2027-01-01"), (warning.Row, warning.Column, warning.Value));
        Assert.Contains("Did you mean", warning.Hint);
        Assert.Contains("Information Systems Security", warning.Hint);
    }

    [Fact]
    public void VendorStaffWithoutAVendor_IsReported()
    {
        var roster = Import.Roster("employee_id,role,employment_type\nE1,dba,MSP\n");
        Assert.Equal(EmploymentType.Msp, roster.People.Single().EmploymentType);
        Assert.Equal(2, roster.Warning("VENDOR_MISSING").Row);
    }

    /// <summary>
    /// The warning said such a person was "treated as an independent contractor", whose rate (0.3 by default) the
    /// assessment does not use: it assesses them alone, at their own employment type's rate (MSP 0.2).
    /// </summary>
    [Fact]
    public void VendorStaffWithoutAVendor_AreToldTheRateTheAssessmentUses()
    {
        var csv = "employee_id,role,employment_type,competencies,years_experience\n"
            + "E1,service-desk,MSP,itsm-change=2; communication=2; iam=2; security-awareness=2,5\n";
        var (assessment, roster) = Registers.RegisterFixtures.Assess(Encoding.UTF8.GetBytes(csv));
        var warning = roster.Warning("VENDOR_MISSING");
        Assert.Equal("E1 is msp staff but no vendor is named; they are assessed alone, at the msp annual rate, not with others on the same contract", warning.Message);
        var losses = assessment.Obligations.SelectMany(o => o.LossEvents).Where(e => e.People.SequenceEqual(["E1"])).ToList();
        Assert.NotEmpty(losses);
        Assert.All(losses, e => Assert.Equal((0.2, "msp annual rate 0.2"), (e.Probability, e.Reason)));
    }

    /// <summary>One row per warning code, each on its own person's row; the header and a row without an id are no one's.</summary>
    private static readonly Lazy<Roster> EveryWarning = new(() => Import.Roster(
        "employee_id,name,role,assignment,employment_type,fte,role_start_date,years_experience,certifications,competencies,last_training_date,Manager\n" +
        "E1,Ada,dba,primary,employee,,,,,,,\n" +
        "E1,Ada Lovelace,network-engineer,primary,employee,,,,,,,\n" +
        "E2,Bob,Nurse Manager,,,,,,,,,\n" +
        "E3,Cy,Help Desk Technican,,,,,,,,,\n" +
        "E4,Di,,,,,,,,,,\n" +
        "E5,Ed,dba,chief,,,,,,,,\n" +
        "E6,Fay,dba,,staffer,,,,,,,\n" +
        "E7,Gus,dba,,vendor,,,,,,,\n" +
        "E8,Hal,dba,,,half,,,,,,\n" +
        "E9,Ida,dba,,,,,99,,,,\n" +
        "E10,Jo,dba,,,,,,,,soon,\n" +
        "E11,Kit,dba,,,,03/04/2020,,,,,\n" +
        "E12,Lu,dba,,,,,,Bogus Cert,,,\n" +
        "E13,Mo,dba,,,,,,CISSP:someday,,,\n" +
        "E14,Ned,dba,,,,,,,nonsense=3,,\n" +
        "E15,Oz,dba,,,,,,,database-admin=expert,,\n" +
        "E16,Pip,dba,,,,,,,database-admin=9,,\n" +
        "E16,Pip,dba,,,,,,,,,\n" +
        ",Quin,dba,,,,,,,,,\n"));

    [Theory]
    [InlineData("PERSON_CONFLICT", "E1")]
    [InlineData("ROLE_UNKNOWN", "E2")]
    [InlineData("ROLE_NEAR_MATCH", "E3")]
    [InlineData("MISSING_ROLE", "E4")]
    [InlineData("ASSIGNMENT_UNKNOWN", "E5")]
    [InlineData("EMPLOYMENT_TYPE_UNKNOWN", "E6")]
    [InlineData("VENDOR_MISSING", "E7")]
    [InlineData("FTE_INVALID", "E8")]
    [InlineData("EXPERIENCE_INVALID", "E9")]
    [InlineData("DATE_INVALID", "E10")]
    [InlineData("DATE_AMBIGUOUS", "E11")]
    [InlineData("CERT_UNKNOWN", "E12")]
    [InlineData("CERT_EXPIRY_INVALID", "E13")]
    [InlineData("COMPETENCY_UNKNOWN", "E14")]
    [InlineData("COMPETENCY_LEVEL_NAMED", "E15")]
    [InlineData("COMPETENCY_LEVEL_INVALID", "E16")]
    [InlineData("DUPLICATE_SEAT", "E16")]
    [InlineData("MISSING_EMPLOYEE_ID", null)]
    [InlineData("UNKNOWN_COLUMN", null)]
    public void Warnings_SayWhichPersonTheyAreAbout(string code, string? personId) =>
        Assert.Equal(personId, EveryWarning.Value.Warning(code).PersonId);

    /// <summary>
    /// The reader's own warnings, about a cell or a row it read before the importer knew whose row it is: a stray quote
    /// (whose value is the whole row), bytes that are not UTF-8, a cell too long; and a value outside the header. Row 6
    /// repeats E1's seat and row 7 has no id.
    /// </summary>
    private static readonly Lazy<Roster> EveryCellWarning = new(() => Import.Bytes([
        .. Encoding.UTF8.GetBytes("employee_id,name,role\n" +
            "E1,Ada \"The\" Countess,dba\n" +
            "E2,Zo"), 0xEB, .. Encoding.UTF8.GetBytes(",dba\n" +
            "E3," + new string('x', 40_000) + ",dba\n" +
            "E4,Di,dba,Di's laptop\n" +
            "E1,Ada \"Again\",dba\n" +
            ",Quin \"Q\",dba\n")]).Roster!);

    [Theory]
    [InlineData("CSV_BAD_QUOTE", 2, "E1")]
    [InlineData("INVALID_TEXT", 3, "E2")]
    [InlineData("CELL_TOO_LONG", 4, "E3")]
    [InlineData("CELL_OUTSIDE_HEADER", 5, "E4")]
    [InlineData("CSV_BAD_QUOTE", 6, "E1")]
    [InlineData("CSV_BAD_QUOTE", 7, null)]
    public void CellWarnings_SayWhosRowTheyAreOn(string code, int row, string? personId) =>
        Assert.Equal(personId, Assert.Single(EveryCellWarning.Value.Warnings, w => w.Code == code && w.Row == row).PersonId);
}

public sealed class CsvImportReviewTests
{
    [Theory]
    // The abbreviation in parentheses is the certification, not an expiry.
    [InlineData("Certified Information Systems Security Professional (CISSP)", "cissp", null)]
    [InlineData("CISSP (exp 2027-03-31)", "cissp", "2027-03-31")]
    public void Certification_WithParentheses(string text, string id, string? expires)
    {
        var roster = Import.Roster($"employee_id,role,certifications\nE1,dba,\"{text}\"\n");
        var held = roster.People.Single().Certifications.Single();
        Assert.Equal((id, expires), (held.CertificationId, held.Expires?.ToString("yyyy-MM-dd")));
        Assert.Empty(roster.Warnings);
    }

    /// <summary>
    /// List cells whose separators also turn up inside an entry: dates written with the month's name, expiries in
    /// parentheses, and the catalog's own names and spellings (the template's reference sheets list them). Each reads
    /// as its certifications with their expiries, and nothing is warned about.
    /// </summary>
    [Theory]
    [InlineData("CISSP:January 31, 2027, HCISPP:February 15, 2027", "cissp 2027-01-31|hcispp 2027-02-15")]
    [InlineData("CISSP:January 31, 2027; HCISPP:February 15, 2027", "cissp 2027-01-31|hcispp 2027-02-15")]
    [InlineData("CISSP (Jan 31, 2027), HCISPP (Feb 15, 2027)", "cissp 2027-01-31|hcispp 2027-02-15")]
    [InlineData("Microsoft Certified: Azure Security Engineer Associate", "az-500 -")]
    [InlineData("Microsoft Certified: Azure Security Engineer Associate (AZ-500)", "az-500 -")]
    [InlineData("Microsoft Certified: Azure Database Administrator Associate:2027-06-30, CISSP", "cissp -|dp-300 2027-06-30")]
    [InlineData("Microsoft Certified: Azure Security Engineer Associate (exp. 2027-03-31)", "az-500 2027-03-31")]
    [InlineData("(ISC)2 CISSP, HCISPP (exp. Mar 31, 2027)", "cissp -|hcispp 2027-03-31")]
    public void ListSeparatorsInsideAnEntry_DoNotCutIt(string text, string expected)
    {
        var roster = Import.Roster($"employee_id,role,certifications\nE1,dba,\"{text}\"\n");
        var held = roster.People.Single().Certifications.OrderBy(c => c.CertificationId, StringComparer.Ordinal)
            .Select(c => $"{c.CertificationId} {c.Expires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"}");
        Assert.Equal(expected, string.Join("|", held));
        Assert.Empty(roster.Warnings);
    }

    [Theory]
    [InlineData("Backup, restore and disaster recovery=3", "backup-recovery=3")]
    [InlineData("iam=2, Backup, restore and disaster recovery=4; fhir=1", "backup-recovery=4|fhir=1|iam=2")]
    [InlineData("Clinical data analytics (SQL and reporting)=2, iam=1", "iam=1|sql-analytics=2")]
    public void CompetencyNamesThatHoldASeparator_AreReadWhole(string text, string expected)
    {
        var roster = Import.Roster($"employee_id,role,competencies\nE1,dba,\"{text}\"\n");
        var levels = roster.People.Single().Competencies.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}");
        Assert.Equal(expected, string.Join("|", levels));
        Assert.Empty(roster.Warnings);
    }

    /// <summary>Numbers as database and pandas exports write them: a fraction without its leading zero, a whole level with decimals.</summary>
    [Fact]
    public void NumbersWrittenByDataExports_AreRead()
    {
        var roster = Import.Roster("employee_id,role,fte,years_experience,competencies,skill:fhir\nE1,dba,.75,.5,iam=3.0; database-admin=2.00,4.0\n");
        var person = roster.People.Single();
        Assert.Equal(0.75, roster.Assignments.Single().Fte);
        Assert.Equal(0.5, person.YearsExperience);
        Assert.Equal([("database-admin", 2), ("fhir", 4), ("iam", 3)], person.Competencies.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)));
        Assert.Empty(roster.Warnings);
    }

    [Theory]
    [InlineData("iam=2.5")]
    [InlineData("iam=5.0")]
    [InlineData("iam=-1.0")]
    public void ALevelThatIsNotWholeOrOutOfRange_IsStillInvalid(string text)
    {
        var roster = Import.Roster($"employee_id,role,competencies\nE1,dba,{text}\n");
        Assert.Equal("COMPETENCY_LEVEL_INVALID", Assert.Single(roster.Warnings).Code);
        Assert.Empty(roster.People.Single().Competencies);
    }

    /// <summary>An unknown entry is still said, even where a known name follows it in the same cell.</summary>
    [Theory]
    [InlineData("certifications", "Foo, Certified Information Systems Security Professional (CISSP)", "CERT_UNKNOWN", "Foo")]
    [InlineData("certifications", "Foo, CISSP:2027-03-31", "CERT_UNKNOWN", "Foo")]
    [InlineData("competencies", "Backup, iam=3", "COMPETENCY_LEVEL_INVALID", "Backup")]
    [InlineData("competencies", "teamwork=2, iam=3", "COMPETENCY_UNKNOWN", "teamwork=2")]
    public void AnUnknownEntryBeforeAKnownOne_IsStillWarnedAbout(string column, string text, string code, string value)
    {
        var roster = Import.Roster($"employee_id,role,{column}\nE1,dba,\"{text}\"\n");
        var warning = Assert.Single(roster.Warnings);
        Assert.Equal((code, value), (warning.Code, warning.Value));
    }

    [Fact]
    public void DuplicateSeatRow_IsNotReadAtAll()
    {
        var roster = Import.Roster("employee_id,role,vendor,employment_type\nE1,dba,,\nE1,dba,Acme,contractor\n");
        var person = roster.People.Single();
        Assert.Null(person.Vendor);
        Assert.Equal(Engine.Rosters.EmploymentType.Employee, person.EmploymentType);
        Assert.Equal([2], person.Rows);
        Assert.Contains("row 3 was not read", roster.Warning("DUPLICATE_SEAT").Message);
    }

    [Fact]
    public void HeadersAsWritten_AreRemembered()
    {
        var roster = Import.Roster("Emp ID,Job Title,Planned Departure\nE1,dba,2020-01-01\n");
        Assert.Equal("Planned Departure", roster.Columns["departure_date"]);
        Assert.Equal("Job Title", roster.Columns["role"]);
    }
}
