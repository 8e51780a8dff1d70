using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Rosters;
using static ComplianceRisk.Engine.Tests.Scenario;

namespace ComplianceRisk.Engine.Tests;

/// <summary>
/// One row per rule of the flag table (docs/flags.md), with the complete flag set a person computes by
/// hand. Role "sec": tier 1, security ≥ 3 critical, 3 years, 2 qualified required, exercise within 12
/// months; CISSP evidences security 3. Default person: 10 years, trained and exercised a month ago.
/// </summary>
public sealed class FlagRulesTests
{
    private static readonly DateOnly Day = AsOf;
    private static Func<Person, Person> Sec(int level) => Skills(("security", level));
    private static Func<Person, Person> With(Func<Person, Person> first, Func<Person, Person> then) => p => then(first(p));
    private static Func<Person, Person> Cissp(int ownLevel, DateOnly? expires) =>
        p => Sec(ownLevel)(p) with { Certifications = [new HeldCertification("cissp", expires)] };

    public static TheoryData<string, Func<Scenario>, string[]> SecurityRoleCases => new()
    {
        // Nobody in any seat.
        { "vacant", () => new Scenario(), ["VACANT"] },
        // Held, but the only holder is below the critical level.
        { "no qualified holder", () => new Scenario().Add("A", "sec", Sec(2)), ["COMPETENCY_GAP:A", "NO_QUALIFIED_HOLDER"] },
        // Exactly one qualified, and the role needs two.
        { "single point of failure", () => new Scenario().Add("A", "sec", Sec(3)), ["BELOW_REQUIRED_HEADCOUNT", "SINGLE_POINT_OF_FAILURE:A"] },
        // A qualified primary and a qualified backup: nothing to flag.
        { "two qualified", () => new Scenario().Add("A", "sec", Sec(3)).Add("B", "sec", Sec(4), Assignment.Backup), [] },
        // A current CISSP raises self-reported 1 to the evidenced 3.
        { "qualified by a current certificate", () => new Scenario().Add("A", "sec", Cissp(1, null)).Add("B", "sec", Sec(3), Assignment.Backup), [] },
        // Primary with 1 year < 3: unqualified and an inexperienced incumbent.
        { "inexperienced primary", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { YearsExperience = 1 })).Add("B", "sec", Sec(3), Assignment.Backup),
            ["BELOW_REQUIRED_HEADCOUNT", "INEXPERIENCED_INCUMBENT:A", "SINGLE_POINT_OF_FAILURE:B"] },
        // A junior backup is not an incumbent.
        { "inexperienced backup", () => new Scenario().Add("A", "sec", Sec(3)).Add("B", "sec", With(Sec(3), p => p with { YearsExperience = 1 }), Assignment.Backup),
            ["BELOW_REQUIRED_HEADCOUNT", "SINGLE_POINT_OF_FAILURE:A"] },
        // Every holder below 3 years (one gave none).
        { "junior only", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { YearsExperience = null })).Add("B", "sec", With(Sec(3), p => p with { YearsExperience = 2.9 }), Assignment.Backup),
            ["INEXPERIENCED_INCUMBENT:A", "JUNIOR_ONLY_COVERAGE", "NO_QUALIFIED_HOLDER"] },
        // Expired CISSP was the evidence: gap now, and the expiry is why.
        { "expired certificate relied on", () => new Scenario().Add("A", "sec", Cissp(2, Day.AddDays(-1))).Add("B", "sec", Sec(3), Assignment.Backup),
            ["BELOW_REQUIRED_HEADCOUNT", "CERT_EXPIRED:A", "COMPETENCY_GAP:A", "SINGLE_POINT_OF_FAILURE:B"] },
        // Expired, but self-reported 3 never needed it.
        { "expired certificate not relied on", () => new Scenario().Add("A", "sec", Cissp(3, Day.AddDays(-1))).Add("B", "sec", Sec(3), Assignment.Backup), [] },
        // Expires in 90 days (edge of the window) and A's level rests on it.
        { "expiring certificate relied on", () => new Scenario().Add("A", "sec", Cissp(1, Day.AddDays(90))).Add("B", "sec", Sec(3), Assignment.Backup), ["CERT_EXPIRING:A"] },
        // Expiring on the as-of date is still current and within the window.
        { "expiring today", () => new Scenario().Add("A", "sec", Cissp(1, Day)).Add("B", "sec", Sec(3), Assignment.Backup), ["CERT_EXPIRING:A"] },
        { "expiring after the window", () => new Scenario().Add("A", "sec", Cissp(1, Day.AddDays(91))).Add("B", "sec", Sec(3), Assignment.Backup), [] },
        { "expiring but not relied on", () => new Scenario().Add("A", "sec", Cissp(3, Day.AddDays(30))).Add("B", "sec", Sec(3), Assignment.Backup), [] },
        // Both qualified holders are contractors.
        { "external dependency", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { EmploymentType = EmploymentType.Contractor }))
            .Add("B", "sec", With(Sec(3), p => p with { EmploymentType = EmploymentType.Msp, Vendor = "Acme" }), Assignment.Backup), ["EXTERNAL_DEPENDENCY"] },
        // A qualified employee among the qualified: no dependency.
        { "external and employee", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { EmploymentType = EmploymentType.Contractor })).Add("B", "sec", Sec(3), Assignment.Backup), [] },
        // None qualified and every holder external.
        { "external, none qualified", () => new Scenario().Add("A", "sec", With(Sec(1), p => p with { EmploymentType = EmploymentType.Vendor, Vendor = "Acme" })),
            ["COMPETENCY_GAP:A", "EXTERNAL_DEPENDENCY", "NO_QUALIFIED_HOLDER"] },
        // Qualified holder leaves in 180 days (edge), or their contract ends in 100.
        { "departure within 180 days", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { Departure = Day.AddDays(180) })).Add("B", "sec", Sec(3), Assignment.Backup), ["DEPARTURE_PENDING:A"] },
        { "departure after 180 days", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { Departure = Day.AddDays(181) })).Add("B", "sec", Sec(3), Assignment.Backup), [] },
        { "contract ends within 180 days", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { EmploymentType = EmploymentType.Contractor, ContractEnd = Day.AddDays(100) })).Add("B", "sec", Sec(3), Assignment.Backup),
            ["DEPARTURE_PENDING:A"] },
        // An employee's contract end date means nothing.
        { "employee with a contract end", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { ContractEnd = Day.AddDays(100) })).Add("B", "sec", Sec(3), Assignment.Backup), [] },
        // Only qualified holders' departures are flagged.
        { "unqualified holder departing", () => new Scenario().Add("A", "sec", With(Sec(1), p => p with { Departure = Day.AddDays(10) })).Add("B", "sec", Sec(3)).Add("C", "sec", Sec(3), Assignment.Backup),
            ["COMPETENCY_GAP:A"] },
        // Exercise 13 months ago, or never: the currency rule lapses.
        { "exercise lapsed", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { LastExercise = Day.AddMonths(-13) })).Add("B", "sec", Sec(3), Assignment.Backup), ["CURRENCY_LAPSED:A"] },
        { "exercise missing", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { LastExercise = null })).Add("B", "sec", Sec(3), Assignment.Backup), ["CURRENCY_LAPSED:A"] },
        { "exercise exactly 12 months ago", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { LastExercise = Day.AddMonths(-12) })).Add("B", "sec", Sec(3), Assignment.Backup), [] },
        // Training older than 12 months, or no date.
        { "training overdue", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { LastTraining = Day.AddMonths(-12).AddDays(-1) })).Add("B", "sec", Sec(3), Assignment.Backup), ["TRAINING_OVERDUE:A"] },
        { "training missing", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { LastTraining = null })).Add("B", "sec", Sec(3), Assignment.Backup), ["TRAINING_OVERDUE:A"] },
        // Interim for 91 days; 90 is still within the limit.
        { "interim too long", () => new Scenario().Add("A", "sec", Sec(3), Assignment.Interim, roleStart: Day.AddDays(-91)).Add("B", "sec", Sec(3), Assignment.Backup), ["INTERIM_TOO_LONG:A"] },
        { "interim within limit", () => new Scenario().Add("A", "sec", Sec(3), Assignment.Interim, roleStart: Day.AddDays(-90)).Add("B", "sec", Sec(3), Assignment.Backup), [] },
        // Primary seats in two tier 1-2 roles (sec is tier 1, net tier 2), even at 0.5 FTE each.
        { "overloaded by two critical seats", () => new Scenario()
            .Add("A", "sec", p => p with { Competencies = p.Competencies.SetItem("security", 3).SetItem("network", 3) }, fte: 0.5).Add("A", "net", fte: 0.5)
            .Add("B", "sec", Sec(3), Assignment.Backup), ["OVERLOADED:A"] },
        // 0.6 + 0.6 FTE.
        { "overloaded by FTE", () => new Scenario().Add("A", "sec", p => p with { Competencies = p.Competencies.SetItem("security", 3).SetItem("itsm", 2) }, fte: 0.6).Add("A", "desk", assignment: Assignment.Backup, fte: 0.6)
            .Add("B", "sec", Sec(3), Assignment.Backup), ["OVERLOADED:A"] },
        // Half a critical seat and half a tier-3 seat is a full job, not an overload.
        { "not overloaded", () => new Scenario().Add("A", "sec", p => p with { Competencies = p.Competencies.SetItem("security", 3).SetItem("itsm", 2) }, fte: 0.5).Add("A", "desk", fte: 0.5)
            .Add("B", "sec", Sec(3), Assignment.Backup), [] },
        // Left before the as-of date: not counted at all.
        { "departed before the as-of date", () => new Scenario().Add("A", "sec", With(Sec(3), p => p with { Departure = Day.AddDays(-1) })), ["VACANT"] },
    };

    [Theory]
    [MemberData(nameof(SecurityRoleCases))]
    public void SecurityRole_Flags(string name, Func<Scenario> scenario, string[] expected)
    {
        var role = scenario().Assess().Role("sec");
        Assert.True(expected.SequenceEqual(role.FlagKeys()), $"{name}: expected [{string.Join(", ", expected)}] but got [{string.Join(", ", role.FlagKeys())}]");
    }

    [Fact]
    public void RequiredByOrg_NoCertificate_CertMissing()
    {
        // net requires a current CCNP under required-by-org: network 3 alone is not enough.
        var role = new Scenario().Add("C", "net", Skills(("network", 3))).Assess().Role("net");
        Assert.Equal(["CERT_MISSING:C", "NO_QUALIFIED_HOLDER"], role.FlagKeys());
        Assert.Contains("certification: none current of ccnp", role.Holders.Single().Shortfalls);
    }

    [Fact]
    public void RequiredByOrg_ExpiredCertificate_CertExpiredAndMissing()
    {
        var role = new Scenario()
            .Add("C", "net", p => p with { Competencies = p.Competencies.SetItem("network", 3), Certifications = [new HeldCertification("ccnp", AsOf.AddDays(-5))] })
            .Assess().Role("net");
        Assert.Equal(["CERT_EXPIRED:C", "CERT_MISSING:C", "NO_QUALIFIED_HOLDER"], role.FlagKeys());
    }

    [Fact]
    public void RequiredByOrg_CurrentCertificate_Qualified()
    {
        var role = new Scenario()
            .Add("C", "net", p => p with { Certifications = [new HeldCertification("ccnp", AsOf.AddYears(2))] })
            .Assess().Role("net");
        Assert.Equal(["SINGLE_POINT_OF_FAILURE:C"], role.FlagKeys());
    }

    [Fact]
    public void Departed_IsExcludedWithAWarningNamingTheRow()
    {
        var assessment = new Scenario().Add("A", "sec", p => p with { Departure = AsOf.AddDays(-30) }).Assess();
        var warning = Assert.Single(assessment.Warnings, w => w.Code == "DEPARTED");
        Assert.Equal(2, warning.Row);
        Assert.Equal("departure_date", warning.Column);
        Assert.Equal("2026-10-23", warning.Value);
        Assert.DoesNotContain(assessment.Roles.SelectMany(r => r.Holders), h => h.PersonId == "A");
    }

    /// <summary>
    /// A person left out is in no role and no risk, so only the warning can say the id it quotes is a person's: a register
    /// pseudonymized from the saved assessment, without the roster, replaces it by that.
    /// </summary>
    [Fact]
    public void Departed_And_ContractEnded_SayWhichPersonTheyAreAbout()
    {
        var assessment = new Scenario()
            .Add("A", "sec", p => p with { Departure = AsOf.AddDays(-30) })
            .Add("X", "desk", p => p with { EmploymentType = EmploymentType.Vendor, Vendor = "Acme", ContractEnd = AsOf.AddDays(-1) })
            .Add("E", "desk")
            .Assess();
        Assert.Equal("A", Assert.Single(assessment.Warnings, w => w.Code == "DEPARTED").PersonId);
        Assert.Equal("X", Assert.Single(assessment.Warnings, w => w.Code == "CONTRACT_ENDED").PersonId);
    }

    [Fact]
    public void ContractEnded_IsExcluded_ButEmployeesContractDateIsIgnored()
    {
        var assessment = new Scenario()
            .Add("X", "desk", p => p with { EmploymentType = EmploymentType.Contractor, ContractEnd = AsOf.AddDays(-1) })
            .Add("E", "desk", p => p with { ContractEnd = AsOf.AddDays(-1) })
            .Assess();
        Assert.Single(assessment.Warnings, w => w.Code == "CONTRACT_ENDED" && w.Message.StartsWith("X", StringComparison.Ordinal));
        Assert.Equal(["E"], assessment.Role("desk").Holders.Select(h => h.PersonId));
    }

    [Fact]
    public void Flags_CarryEvidence()
    {
        var role = new Scenario().Add("A", "sec", p => p with { YearsExperience = 1.5, Competencies = p.Competencies.SetItem("security", 3) }).Assess().Role("sec");
        var flag = Assert.Single(role.Flags, f => f.Code == FlagCode.InexperiencedIncumbent);
        Assert.Equal(1.5, flag.Evidence["yearsExperience"]);
        Assert.Equal(3.0, flag.Evidence["minExperienceYears"]);
        Assert.Equal("A (primary) has 1.5 years of relevant experience; the role needs 3", flag.Message);
    }

    [Fact]
    public void ExperienceJustShortOfTheMinimum_IsWrittenAsGiven_NotRoundedUpToIt()
    {
        // 2.99 years is short of the 3 the role needs; rounded, the holder's shortfall read "3 years, needs 3".
        var role = new Scenario().Add("A", "sec", p => p with { YearsExperience = 2.99, Competencies = p.Competencies.SetItem("security", 3) }).Assess().Role("sec");
        Assert.Equal("A (primary) has 2.99 years of relevant experience; the role needs 3",
            Assert.Single(role.Flags, f => f.Code == FlagCode.InexperiencedIncumbent).Message);
        Assert.Equal(["experience: 2.99 years, needs 3"], Assert.Single(role.Holders).Shortfalls);
    }

    [Fact]
    public void OverloadedByAFewThousandthsOfAnFte_SaysHowMuch()
    {
        // 0.334 + 0.333 + 0.334 = 1.001 is more than 1.0; written to two decimals it read "carries 1 FTE".
        var assessment = new Scenario().Add("A", "desk", fte: 0.334).Add("A", "spare", fte: 0.333).Add("A", "sec", fte: 0.334).Assess();
        var flag = Assert.Single(assessment.Role("desk").Flags, f => f.Code == FlagCode.Overloaded);
        Assert.Equal("A carries 1.001 FTE across their roles", flag.Message);
        Assert.Equal(1.001, flag.Evidence["totalFte"]);
        var rebalance = assessment.Risks.Single(r => r.RiskId == "ROLE:desk").Actions.Single(a => a.Kind == Risks.ActionKind.RebalanceLoad);
        Assert.StartsWith("overloaded: 1.001 FTE", rebalance.People.Single().Reason);
    }

    [Fact]
    public void ExternalDependency_NamesAVendorOnce_HoweverItsNameIsWritten()
    {
        // "Acme Corp" and "ACME corp." are one contract to the loss model (its people leave together): one vendor.
        static Func<Person, Person> Supplied(string vendor) =>
            p => Skills(("itsm", 2))(p) with { EmploymentType = EmploymentType.Vendor, Vendor = vendor, ContractEnd = AsOf.AddYears(2) };
        var assessment = new Scenario().Add("V1", "desk", Supplied("Acme Corp")).Add("V2", "desk", Supplied("ACME corp."), Assignment.Backup).Assess();
        var flag = Assert.Single(assessment.Role("desk").Flags, f => f.Code == FlagCode.ExternalDependency);
        Assert.Equal("Every qualified holder is a contractor, vendor or MSP (Acme Corp)", flag.Message);
        Assert.Equal(["Acme Corp"], (string[])flag.Evidence["vendors"]);
        var transfer = assessment.Risks.Single(r => r.RiskId == "ROLE:desk").Actions.Single(a => a.Kind == Risks.ActionKind.TransferKnowledge);
        Assert.StartsWith("Transfer knowledge from ACME corp. to an employee", transfer.Description);
    }

    [Fact]
    public void RolesNotHeldAndNotNeeded_AreOutOfScope()
    {
        // "spare" is only accountable for the New York duty, which does not apply in Texas.
        var assessment = new Scenario().Assess();
        Assert.Contains("spare", assessment.RolesNotInScope);
        Assert.DoesNotContain(assessment.Roles, r => r.RoleId == "spare");
        Assert.Equal(["VACANT"], assessment.Role("desk").FlagKeys());
    }

    [Fact]
    public void FlagCodes_ArePinned()
    {
        // Public contract: renaming a member must fail this test.
        string[] expected =
        [
            "VACANT", "NO_QUALIFIED_HOLDER", "SINGLE_POINT_OF_FAILURE", "BELOW_REQUIRED_HEADCOUNT", "INEXPERIENCED_INCUMBENT",
            "JUNIOR_ONLY_COVERAGE", "COMPETENCY_GAP", "CERT_MISSING", "CERT_EXPIRED", "CERT_EXPIRING", "EXTERNAL_DEPENDENCY",
            "DEPARTURE_PENDING", "OVERLOADED", "CURRENCY_LAPSED", "TRAINING_OVERDUE", "INTERIM_TOO_LONG",
        ];
        Assert.Equal(expected, Enum.GetValues<FlagCode>().Select(AssessmentExtensions.Code));
    }
}
