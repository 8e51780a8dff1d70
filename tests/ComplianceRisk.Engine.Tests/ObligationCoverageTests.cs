using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Engine.Rosters;
using static ComplianceRisk.Engine.Tests.Scenario;

namespace ComplianceRisk.Engine.Tests;

/// <summary>
/// Coverage, key people, status and the exact 12-month probability, computed by hand. Test catalog rates:
/// employee 0.10, contractor 0.30, vendor 0.25, MSP 0.20; new in role × 1.5; fragile at 0.2.
/// </summary>
public sealed class ObligationCoverageTests
{
    private static Func<Person, Person> Sec(int level) => Skills(("security", level));
    private static readonly Func<Person, Person> Desk = Skills(("itsm", 2));
    private static Func<Person, Person> NetCertified(int level, DateOnly? expires) =>
        p => p with { Competencies = p.Competencies.SetItem("network", level), Certifications = [new HeldCertification("ccnp", expires)] };

    [Fact]
    public void Designation_OneOfficial_IsFragileWithTheOfficialAsKeyPerson()
    {
        var o = new Scenario().Add("A", "sec", Sec(3)).Assess().Obligation("designate");
        Assert.Equal(CoverageStatus.Fragile, o.Status);
        Assert.Equal(["A"], o.KeyPeople);
        Assert.Equal(0.10, o.ProbabilityUncovered12m, 12);
        Assert.Equal(1, o.QualifiedCount);
        Assert.Empty(o.Findings);
    }

    [Fact]
    public void Designation_QualifiedBackup_WouldBeDesignatedNext()
    {
        // Both must leave: 0.1 × 0.1. The backup does not discharge the duty today.
        var o = new Scenario().Add("A", "sec", Sec(3)).Add("B", "sec", Sec(3), Assignment.Backup).Assess().Obligation("designate");
        Assert.Equal(CoverageStatus.Covered, o.Status);
        Assert.Equal(0.01, o.ProbabilityUncovered12m, 12);
        Assert.Equal(["A"], o.QualifiedPeople);
        Assert.Empty(o.KeyPeople);
    }

    [Fact]
    public void Designation_TwoPrimaries_IsAFinding()
    {
        var o = new Scenario().Add("A", "sec", Sec(3)).Add("B", "sec", Sec(3)).Assess().Obligation("designate");
        Assert.Equal(2, o.QualifiedCount);
        Assert.StartsWith("MULTIPLE_DESIGNATED_OFFICIALS: A, B", Assert.Single(o.Findings));
    }

    [Fact]
    public void Designation_OnlyABackup_IsUncoveredAndNotDesignated()
    {
        var o = new Scenario().Add("B", "sec", Sec(3), Assignment.Backup).Assess().Obligation("designate");
        Assert.Equal(CoverageStatus.Uncovered, o.Status);
        Assert.Equal(1.0, o.ProbabilityUncovered12m);
        Assert.StartsWith("NOT_DESIGNATED: B", Assert.Single(o.Findings));
    }

    [Fact]
    public void Qualification_RequiresTheRoleAndTheObligationLevels()
    {
        // A holds sec at security 2: not qualified for the role, so not for the duty either.
        var o = new Scenario().Add("A", "sec", Sec(2)).Assess().Obligation("designate");
        Assert.Equal(CoverageStatus.Uncovered, o.Status);
        Assert.Equal(0, o.QualifiedCount);
    }

    [Fact]
    public void MinimumTwo_WithTwo_BothAreKeyPeople()
    {
        // 1 − 0.9² = 0.19 is under 0.2, but either departure drops it below 2.
        var o = new Scenario().Add("D1", "desk", Desk).Add("D2", "desk", Desk).Assess().Obligation("desk-duty");
        Assert.Equal(0.19, o.ProbabilityUncovered12m, 12);
        Assert.Equal(["D1", "D2"], o.KeyPeople);
        Assert.Equal(CoverageStatus.Fragile, o.Status);
    }

    [Fact]
    public void MinimumTwo_WithThree_IsCovered()
    {
        // P0 + P1 = 0.1³ + 3 · 0.9 · 0.1² = 0.001 + 0.027.
        var o = new Scenario().Add("D1", "desk", Desk).Add("D2", "desk", Desk).Add("D3", "desk", Desk).Assess().Obligation("desk-duty");
        Assert.Equal(0.028, o.ProbabilityUncovered12m, 12);
        Assert.Empty(o.KeyPeople);
        Assert.Equal(CoverageStatus.Covered, o.Status);
    }

    [Fact]
    public void NewInRole_RaisesTheRate()
    {
        // D1 started 6 months ago: 0.15. P0 = .15·.1·.1 = .0015; P1 = .85·.01 + 2·(.15·.9·.1) = .0085 + .027.
        var o = new Scenario().Add("D1", "desk", Desk, roleStart: AsOf.AddMonths(-6)).Add("D2", "desk", Desk).Add("D3", "desk", Desk)
            .Assess().Obligation("desk-duty");
        Assert.Equal(0.037, o.ProbabilityUncovered12m, 12);
        Assert.Contains(o.LossEvents, e => e.People.SequenceEqual(["D1"]) && Math.Abs(e.Probability - 0.15) < 1e-12);
    }

    [Fact]
    public void SameVendor_LeavesTogether()
    {
        // Acme's two contractors share one contract event (0.30); with the employee, 2 remain unless the contract ends.
        var o = new Scenario()
            .Add("V1", "desk", p => Desk(p) with { EmploymentType = EmploymentType.Contractor, Vendor = "Acme Corp" })
            .Add("V2", "desk", p => Desk(p) with { EmploymentType = EmploymentType.Contractor, Vendor = "ACME corp." })
            .Add("E1", "desk", Desk)
            .Assess().Obligation("desk-duty");
        Assert.Equal(0.30, o.ProbabilityUncovered12m, 12);
        var contract = Assert.Single(o.LossEvents, e => e.People.Length == 2);
        Assert.Equal(["V1", "V2"], contract.People);
        Assert.Equal(0.30, contract.Probability, 12);
    }

    [Fact]
    public void IndependentContractors_AreIndependent()
    {
        // Same three people, no vendor named: P(<2) = P(V1,V2 both lost) + P(exactly one survivor) with E1:
        // survivors 0: .3·.3·.1 = .009; 1: .7·.3·.1 + .3·.7·.1 + .3·.3·.9 = .021 + .021 + .081 = .123.
        var o = new Scenario()
            .Add("V1", "desk", p => Desk(p) with { EmploymentType = EmploymentType.Contractor })
            .Add("V2", "desk", p => Desk(p) with { EmploymentType = EmploymentType.Contractor })
            .Add("E1", "desk", Desk)
            .Assess().Obligation("desk-duty");
        Assert.Equal(0.132, o.ProbabilityUncovered12m, 12);
    }

    [Fact]
    public void ExternalOnly_IsFragileEvenWhenUnlikely()
    {
        // Two independent certified contractors: 0.3² = 0.09 < 0.2, no key people, but nobody employed.
        var o = new Scenario()
            .Add("N1", "net", p => NetCertified(3, null)(p) with { EmploymentType = EmploymentType.Contractor })
            .Add("N2", "net", p => NetCertified(3, null)(p) with { EmploymentType = EmploymentType.Contractor })
            .Assess().Obligation("network-duty");
        Assert.Equal(0.09, o.ProbabilityUncovered12m, 12);
        Assert.Empty(o.KeyPeople);
        Assert.Equal(CoverageStatus.Fragile, o.Status);
    }

    [Fact]
    public void CertificateExpiringInsideTheHorizon_IsACertainLossOfThatQualification()
    {
        // N1 qualifies only through a CCNP expiring in 200 days (inside 12 months): certain loss. N2 holds: 0.1.
        var o = new Scenario()
            .Add("N1", "net", NetCertified(3, AsOf.AddDays(200)))
            .Add("N2", "net", NetCertified(3, null))
            .Assess().Obligation("network-duty");
        Assert.Equal(0.10, o.ProbabilityUncovered12m, 12);
        var n1 = Assert.Single(o.LossEvents, e => e.People.SequenceEqual(["N1"]));
        Assert.Equal(1.0, n1.Probability);
        Assert.Contains("ccnp (expires 2027-06-10)", n1.Reason);
    }

    [Fact]
    public void CertificateExpiringInsideTheHorizon_OnlyThoseTheQualificationRestsOnAreNamed()
    {
        // N1's CISSP (security) also expires inside the horizon, sooner than the CCNP, but evidences nothing the network
        // role or duty needs: N1 is lost for the CCNP alone, and only the CCNP is to be renewed, not by the CISSP's expiry.
        var assessment = new Scenario()
            .Add("N1", "net", p => NetCertified(3, AsOf.AddDays(200))(p) with { Certifications = [new("cissp", AsOf.AddDays(100)), new("ccnp", AsOf.AddDays(200))] })
            .Add("N2", "net", NetCertified(3, null))
            .Assess();
        var n1 = Assert.Single(assessment.Obligation("network-duty").LossEvents, e => e.People.SequenceEqual(["N1"]));
        Assert.Equal(["ccnp"], n1.Certain.Select(c => c.CertificationId));
        Assert.DoesNotContain("cissp", n1.Reason);
        var risk = assessment.Risks.Single(r => r.RiskId == "OBL:network-duty");
        var renew = Assert.Single(risk.Actions, a => a.Kind == ActionKind.RenewCertification);
        Assert.Equal("ccnp", Assert.Single(renew.Certifications).CertificationId);
        Assert.DoesNotContain("CISSP", renew.Description);
        Assert.Equal(risk.DueDate, renew.DueDate);
    }

    [Fact]
    public void DepartureInsideTheHorizon_IsACertainLoss()
    {
        var o = new Scenario().Add("D1", "desk", p => Desk(p) with { Departure = AsOf.AddDays(300) }).Add("D2", "desk", Desk).Add("D3", "desk", Desk)
            .Assess().Obligation("desk-duty");
        // D1 certainly gone: below 2 unless both D2 and D3 stay: 1 − 0.9².
        Assert.Equal(0.19, o.ProbabilityUncovered12m, 12);
    }

    [Fact]
    public void ComplianceDateInTheFuture_IsUpcomingWithItsWouldBeStatus()
    {
        var o = new Scenario().Add("D1", "desk", Desk).Assess().Obligation("future-duty");
        Assert.Equal(CoverageStatus.Upcoming, o.Status);
        Assert.Equal(CoverageStatus.Fragile, o.StatusWhenInForce);
        var later = new Scenario().Add("D1", "desk", Desk).Assess(new DateOnly(2027, 6, 1)).Obligation("future-duty");
        Assert.Equal(CoverageStatus.Fragile, later.Status);
        Assert.Null(later.StatusWhenInForce);
    }

    [Theory]
    // New York duty: jurisdictions US-NY and a hospital or health system.
    [InlineData("hospital", "US-NY", true)]
    [InlineData("health-system", "US-NY", true)]
    [InlineData("hospital", "US-TX", false)]
    [InlineData("payer", "US-NY", false)]
    public void Applicability_FollowsTheProfile(string orgType, string jurisdiction, bool applies)
    {
        var profile = Organizations.OrganizationProfile.Create("o", null, [orgType], [jurisdiction]).GetValueOrThrow();
        var assessment = new Scenario { Profile = profile }.Assess();
        Assert.Equal(applies, assessment.Obligations.Any(o => o.ObligationId == "ny-only"));
        Assert.Equal(!applies, assessment.ObligationsNotApplicable.Contains("ny-only"));
    }
}

public sealed class KeyPeopleTests
{
    [Fact]
    public void SomeoneCertainToLeave_IsNotCover_TheOtherIsKey()
    {
        // Two qualified, minimum 1; N1 leaves inside the horizon, so N2 alone will carry it.
        var o = new Scenario()
            .Add("N1", "net", p => p with { Certifications = [new Rosters.HeldCertification("ccnp", null)], Competencies = p.Competencies.SetItem("network", 3), Departure = Scenario.AsOf.AddDays(250) })
            .Add("N2", "net", p => p with { Certifications = [new Rosters.HeldCertification("ccnp", null)], Competencies = p.Competencies.SetItem("network", 3) })
            .Assess().Obligation("network-duty");
        Assert.Equal(["N2"], o.KeyPeople);
        Assert.Equal(Assessments.CoverageStatus.Fragile, o.Status);
        Assert.Equal(0.10, o.ProbabilityUncovered12m, 12);
    }
}
