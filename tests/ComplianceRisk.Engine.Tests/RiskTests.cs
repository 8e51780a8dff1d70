using System.Collections.Immutable;
using System.Text;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Engine.Rosters;
using static ComplianceRisk.Engine.Tests.Scenario;

namespace ComplianceRisk.Engine.Tests;

/// <summary>
/// DESIGN §5 "Risks" computed by hand on the test catalog: likelihood = max(min(points, 5), band(p)) with
/// bands ≥0.5→5, ≥0.3→4, ≥0.15→3, ≥0.05→2; impact = max(tier impact 5/4/2, highest final severity at
/// stake); rating Low 1-4, Moderate 5-9, High 10-16, Critical 20-25; response windows 30/90/180/365 days.
/// </summary>
public sealed class RiskScoringTests
{
    private static readonly RiskScoring Scoring = new(TestCatalog.Load().Method.Scoring);

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.049, 1)]
    [InlineData(0.05, 2)]
    [InlineData(0.149, 2)]
    [InlineData(0.15, 3)]
    [InlineData(0.2999, 3)]
    [InlineData(0.3, 4)]
    [InlineData(0.5, 5)]
    [InlineData(1.0, 5)]
    public void ProbabilityBand(double probability, int likelihood) => Assert.Equal(likelihood, Scoring.ProbabilityLikelihood(probability));

    [Theory]
    // points, probability, likelihood: the larger of the capped points and the band; never below 1.
    [InlineData(0, 0.01, 1)]
    [InlineData(3, 0.01, 3)]
    [InlineData(7, 0.0, 5)]
    [InlineData(1, 0.6, 5)]
    [InlineData(2, 0.16, 3)]
    public void Likelihood(int points, double probability, int likelihood) =>
        Assert.Equal(likelihood, RiskScoring.LikelihoodOf(Scoring.Likelihood(points, probability)));

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 4)]
    [InlineData(3, 2)]
    public void TierImpact(int tier, int impact) => Assert.Equal(impact, Scoring.TierImpact(tier));

    [Theory]
    [InlineData(1, RiskRating.Low, 365)]
    [InlineData(4, RiskRating.Low, 365)]
    [InlineData(5, RiskRating.Moderate, 180)]
    [InlineData(9, RiskRating.Moderate, 180)]
    [InlineData(10, RiskRating.High, 90)]
    [InlineData(16, RiskRating.High, 90)]
    [InlineData(20, RiskRating.Critical, 30)]
    [InlineData(25, RiskRating.Critical, 30)]
    public void RatingBands(int score, RiskRating rating, int days)
    {
        Assert.Equal(rating, Scoring.Rating(score));
        Assert.Equal(days, Scoring.Band(score).ResponseDays);
    }
}

public sealed class RiskRegisterTests
{
    private static Func<Person, Person> Sec(int level) => Skills(("security", level));

    [Fact]
    public void VacantTier1Role_IsCritical_WithAnActionToFillIt()
    {
        // VACANT 5 points, p = 1 → L5; impact max(tier 1: 5, designation severity 5) = 5 → 25 Critical, due as-of + 30.
        var risk = new Scenario().Assess().Risks.Single(r => r.RiskId == "ROLE:sec");
        Assert.Equal((5, 5, 25, RiskRating.Critical), (risk.Likelihood, risk.Impact, risk.Score, risk.Rating));
        Assert.Equal(new DateOnly(2026, 12, 22), risk.DueDate);
        Assert.Equal(ActionKind.FillVacancy, risk.Actions[0].Kind);
        Assert.Equal("Workforce: vacancy", risk.Category);
        Assert.Equal("Security Officer", risk.Owner);
        Assert.Equal(["designate"], risk.ObligationIds);
        // Residual: a new hire (0.1 × 1.5 = 0.15 → band 3) alone: SPOF 2 + BELOW 1 = 3 → L3 × 5 = 15 High.
        Assert.Equal((3, 5, 15, RiskRating.High), (risk.Residual.Likelihood, risk.Residual.Impact, risk.Residual.Score, risk.Residual.Rating));
    }

    [Fact]
    public void SinglePointOfFailure_WithNobodyToTrain_RecruitsABackup()
    {
        // SPOF 2 + BELOW 1 = 3 points; p = 0.1 → band 2; L3 × I5 = 15 High, due as-of + 90.
        var risk = new Scenario().Add("A", "sec", Sec(3)).Assess().Risks.Single(r => r.RiskId == "ROLE:sec");
        Assert.Equal((3, 5, 15, RiskRating.High), (risk.Likelihood, risk.Impact, risk.Score, risk.Rating));
        Assert.Equal((3, 0.1, 2), (risk.LikelihoodBasis.Points, risk.LikelihoodBasis.Probability12m, risk.LikelihoodBasis.ProbabilityLikelihood));
        Assert.Equal(new DateOnly(2027, 2, 20), risk.DueDate);
        Assert.Equal(ActionKind.QualifyBackup, risk.Actions[0].Kind);
        Assert.Empty(risk.Actions[0].People);
        // Residual: A and a new backup (0.1 × 0.15 = 0.015 → band 1), no flags → L1 × 5 = 5 Moderate.
        Assert.Equal((1, 5, RiskRating.Moderate), (risk.Residual.Likelihood, risk.Residual.Score, risk.Residual.Rating));
    }

    [Fact]
    public void BackupCandidates_AreRankedEmployeesFirstThenByWeightedDistance()
    {
        // Not in the role, with the 3 years: D1 security 2 (critical gap 1 × 2) + risk 0→2 (1 × 2) = 4;
        // D2 security 1 (2 × 2) + risk 2 = 4 … D3 security 3, risk 2 = 0 but a contractor; J is too junior; O is overloaded.
        var risk = new Scenario()
            .Add("A", "sec", Sec(3))
            .Add("D1", "desk", p => p with { Competencies = ImmutableDictionary.CreateRange(new Dictionary<string, int> { ["security"] = 2, ["itsm"] = 2 }) })
            .Add("D2", "desk", p => p with { Competencies = ImmutableDictionary.CreateRange(new Dictionary<string, int> { ["security"] = 1, ["risk"] = 2, ["itsm"] = 2 }) })
            .Add("D3", "desk", p => p with { EmploymentType = EmploymentType.Contractor, Competencies = ImmutableDictionary.CreateRange(new Dictionary<string, int> { ["security"] = 3, ["risk"] = 2, ["itsm"] = 2 }) })
            .Add("J", "desk", p => p with { YearsExperience = 1, Competencies = ImmutableDictionary.CreateRange(new Dictionary<string, int> { ["security"] = 3, ["risk"] = 2 }) })
            .Add("O", "desk", p => p with { Competencies = ImmutableDictionary.CreateRange(new Dictionary<string, int> { ["security"] = 3, ["risk"] = 2 }) }, fte: 0.8).Add("O", "spare", fte: 0.8)
            .Assess().Risks.Single(r => r.RiskId == "ROLE:sec");
        var action = risk.Actions[0];
        Assert.Equal(["D1", "D2", "D3"], action.People.Select(p => p.PersonId));
        Assert.StartsWith("employee, risk 0→2; security 2→3", action.People[0].Reason);
        Assert.Contains("Cross-train D1 as backup Security Officer", action.Description);
        Assert.Equal(new CertificationToSponsor("cissp", "CISSP", "D1", risk.DueDate), action.Certifications.Single());
    }

    [Fact]
    public void BackupCandidates_WithLevelsOffTheScale_AreRankedOnTheLevelsGiven()
    {
        // A roster made in code is not held to the 0-4 scale: a level of 300 meets every requirement and one
        // of -1 is four short, as the numbers say.
        var risk = new Scenario()
            .Add("A", "sec", Sec(3))
            .Add("D1", "desk", Scenario.Skills(("security", 2), ("risk", 2)))
            .Add("H", "desk", Scenario.Skills(("security", 300), ("risk", 2)))
            .Add("N", "desk", Scenario.Skills(("security", -1), ("risk", 2)))
            .Assess().Risks.Single(r => r.RiskId == "ROLE:sec");
        var action = risk.Actions[0];
        Assert.Equal(["H", "D1", "N"], action.People.Select(p => p.PersonId));
        Assert.StartsWith("employee, already meets every requirement", action.People[0].Reason);
        Assert.StartsWith("employee, security -1→3", action.People[2].Reason);
    }

    [Fact]
    public void ExpiringCertificate_IsRenewedBeforeItExpires()
    {
        var risk = new Scenario()
            .Add("A", "sec", p => Sec(1)(p) with { Certifications = [new HeldCertification("cissp", AsOf.AddDays(40))] })
            .Add("B", "sec", Sec(3), Assignment.Backup)
            .Assess().Risks.Single(r => r.RiskId == "ROLE:sec");
        var renew = Assert.Single(risk.Actions, a => a.Kind == ActionKind.RenewCertification);
        Assert.Equal(AsOf.AddDays(40), renew.Certifications.Single().NeededBy);
        Assert.Equal(AsOf.AddDays(40), renew.DueDate);
        Assert.Contains("(expires 2027-01-01)", renew.Description);
    }

    [Fact]
    public void HolderLackingOnlyTheRequiredCertificate_IsSponsoredForIt_NotPairedWithAMentor()
    {
        // net requires a current CCNP (required-by-org). N1 has the level and the years but no CCNP: CERT_MISSING. What
        // qualifies N1 is the certificate; pairing N1 with a mentor on nothing closes no shortfall.
        var risk = new Scenario()
            .Add("N1", "net", Skills(("network", 3)))
            .Add("N2", "net", p => Skills(("network", 3))(p) with { Certifications = [new HeldCertification("ccnp", null)] }, Assignment.Backup)
            .Add("D1", "desk", Skills(("itsm", 2), ("network", 4)))
            .Assess().Risks.Single(r => r.RiskId == "ROLE:net");
        Assert.Contains(risk.Factors, f => f.Code == "CERT_MISSING");
        var mentor = Assert.Single(risk.Actions, a => a.Kind == ActionKind.Mentor);
        Assert.Equal(["N1"], mentor.People.Select(p => p.PersonId));
        var sponsored = Assert.Single(mentor.Certifications);
        Assert.Equal(("ccnp", "N1", risk.DueDate), (sponsored.CertificationId, sponsored.PersonId, sponsored.NeededBy));
        Assert.Contains("sponsor N1 for CCNP", mentor.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void DueDate_IsTheEarlierComplianceDate()
    {
        // desk: D1 untrained (1 point), p(no qualified) = 0.01 → L1; impact max(tier 3: 2, future-duty 3) = 3 → 3 Low,
        // window 365 days (2027-11-22) but future-duty applies from 2027-06-01.
        var risk = new Scenario().Add("D1", "desk", p => Skills(("itsm", 2))(p) with { LastTraining = null }).Add("D2", "desk", Skills(("itsm", 2)))
            .Assess().Risks.Single(r => r.RiskId == "ROLE:desk");
        Assert.Equal((1, 3, 3, RiskRating.Low), (risk.Likelihood, risk.Impact, risk.Score, risk.Rating));
        Assert.Equal(new DateOnly(2027, 6, 1), risk.DueDate);
        Assert.Equal(ActionKind.CompleteTraining, risk.Actions.Single().Kind);
        // Training done: no flags left → L1 (the floor) × 3.
        Assert.Equal(3, risk.Residual.Score);
    }

    [Fact]
    public void TrainingSeveralHolders_LeavesOnlyTheLapsedExercise()
    {
        // sec: A, B and C qualified, none trained or exercised: TRAINING_OVERDUE 1 + CURRENCY_LAPSED 1 = 2 points → L2.
        // The first response trains all three at once; re-assessed, only CURRENCY_LAPSED is left → L1. A residual
        // that still saw an untrained holder in the role would stay at L2.
        static Person Lapsed(Person p) => Sec(3)(p) with { Competencies = Sec(3)(p).Competencies.Add("risk", 2), LastTraining = null, LastExercise = null };
        var risk = new Scenario().Add("A", "sec", Lapsed).Add("B", "sec", Lapsed, Assignment.Backup).Add("C", "sec", Lapsed, Assignment.Backup)
            .Assess().Risks.Single(r => r.RiskId == "ROLE:sec");
        Assert.Equal(["CURRENCY_LAPSED", "TRAINING_OVERDUE"], risk.Factors.Select(f => f.Code).Order(StringComparer.Ordinal));
        Assert.Equal(2, risk.Likelihood);
        Assert.Equal((ActionKind.CompleteTraining, 3), (risk.Actions[0].Kind, risk.Actions[0].People.Length));
        Assert.Equal("the overdue training completed", risk.Residual.Assumes);
        Assert.Equal(1, risk.Residual.Likelihood);
    }

    [Fact]
    public void FragileDesignation_IsHigh_AndABackupBringsItDown()
    {
        // KEY_PEOPLE 2 points; p = 0.1 → band 2; L2 × severity 5 = 10 High.
        var risk = new Scenario().Add("A", "sec", Sec(3)).Assess().Risks.Single(r => r.RiskId == "OBL:designate");
        Assert.Equal((2, 5, 10, RiskRating.High), (risk.Likelihood, risk.Impact, risk.Score, risk.Rating));
        Assert.Equal(["KEY_PEOPLE"], risk.Factors.Select(f => f.Code));
        Assert.Equal(ActionKind.QualifyBackup, risk.Actions[0].Kind);
        Assert.Equal("Regulatory compliance: HIPAA", risk.Category);
        // Residual: a qualified backup: p = 0.1 × 0.15 → band 1, no factors → 1 × 5.
        Assert.Equal((1, 5, RiskRating.Moderate), (risk.Residual.Likelihood, risk.Residual.Score, risk.Residual.Rating));
    }

    [Fact]
    public void UncoveredObligation_IsRatedOnItsSeverity()
    {
        // Nobody holds net: UNCOVERED 5 points → L5 × severity 4 = 20 Critical.
        var risk = new Scenario().Assess().Risks.Single(r => r.RiskId == "OBL:network-duty");
        Assert.Equal((5, 4, 20, RiskRating.Critical), (risk.Likelihood, risk.Impact, risk.Score, risk.Rating));
        Assert.Null(risk.RoleId);
        Assert.Equal(ActionKind.FillVacancy, risk.Actions[0].Kind);
    }

    [Fact]
    public void UncoveredObligation_QualifiesSomeoneItDoesNotAlreadyCount()
    {
        // desk-duty needs 2 and only D1 (desk, itsm 2) counts: naming D1 again adds nobody. S (spare, itsm 1) is the
        // one to cross-train; with D1 and S the duty is covered: both key (2 points), p = 1 − 0.9 × 0.85 (S new in
        // the seat) = 0.235 → band 3 → L3, below the inherent L5.
        var risk = new Scenario().Add("D1", "desk", Skills(("itsm", 2))).Add("S", "spare", Skills(("itsm", 1)))
            .Assess().Risks.Single(r => r.RiskId == "OBL:desk-duty");
        Assert.Equal(5, risk.Likelihood);
        var first = risk.Actions[0];
        Assert.Equal(ActionKind.QualifyBackup, first.Kind);
        Assert.Equal(["S"], first.People.Select(p => p.PersonId));
        Assert.StartsWith("Cross-train S as backup Service Desk Analyst", first.Description);
        Assert.Equal("S qualified as backup", risk.Residual.Assumes);
        Assert.Equal(3, risk.Residual.Likelihood);
    }

    [Fact]
    public void MenteeWithNoExperienceGiven_IsSaidSo()
    {
        // A meets every level but gave no years: INEXPERIENCED_INCUMBENT. The reason read "mentee: no years of 3".
        var risk = new Scenario().Add("A", "sec", p => Sec(3)(p) with { YearsExperience = null }).Add("B", "sec", Sec(4), Assignment.Backup)
            .Assess().Risks.Single(r => r.RiskId == "ROLE:sec");
        var mentor = Assert.Single(risk.Actions, a => a.Kind == ActionKind.Mentor);
        Assert.Equal("mentee: no experience given, needs 3 years", mentor.People.Single(p => p.PersonId == "A").Reason);
    }

    [Fact]
    public void CoveredObligations_AndRolesWithoutFlags_AreNoRisk()
    {
        var assessment = new Scenario()
            .Add("A", "sec", Sec(3)).Add("B", "sec", Sec(3), Assignment.Backup)
            .Add("N1", "net", p => p with { Competencies = p.Competencies.SetItem("network", 3), Certifications = [new HeldCertification("ccnp", null)] })
            .Add("N2", "net", p => p with { Competencies = p.Competencies.SetItem("network", 3), Certifications = [new HeldCertification("ccnp", null)] }, Assignment.Backup)
            .Add("D1", "desk", Skills(("itsm", 2))).Add("D2", "desk", Skills(("itsm", 2))).Add("D3", "desk", Skills(("itsm", 2)))
            .Assess();
        Assert.DoesNotContain(assessment.Risks, r => r.RiskId is "ROLE:sec" or "OBL:designate" or "ROLE:net" or "OBL:network-duty" or "OBL:desk-duty");
        // future-duty would be FRAGILE? No: three qualified, 0.001 → COVERED when in force, so no risk.
        Assert.DoesNotContain(assessment.Risks, r => r.RiskId == "OBL:future-duty");
    }

    [Fact]
    public void Readiness_IsTheSeverityWeightedChanceOfStayingCovered()
    {
        // designate (5): p 0.1; network-duty (4): p 0.1; desk-duty (2): p 0.028; future-duty is not yet in force.
        // 100 × (5 × 0.9 + 4 × 0.9 + 2 × 0.972) / 11 = 91.309… → 91.3
        var assessment = new Scenario()
            .Add("A", "sec", Sec(3))
            .Add("N1", "net", p => p with { Competencies = p.Competencies.SetItem("network", 3), Certifications = [new HeldCertification("ccnp", null)] })
            .Add("D1", "desk", Skills(("itsm", 2))).Add("D2", "desk", Skills(("itsm", 2))).Add("D3", "desk", Skills(("itsm", 2)))
            .Assess();
        Assert.Equal(91.3, assessment.Summary.ReadinessIndex);
        var hipaa = assessment.Summary.Regimes.Single();
        Assert.Equal(("hipaa", 91.3, 3, 1), (hipaa.RegimeId, hipaa.ReadinessIndex, hipaa.ObligationsInIndex, hipaa.ObligationsOutsideIndex));
        var upcoming = assessment.Summary.OutsideIndex.Single();
        Assert.Equal(("future-duty", "upcoming"), (upcoming.ObligationId, upcoming.Reason));
    }

    [Fact]
    public void Readiness_WithNobody_IsZero() => Assert.Equal(0, new Scenario().Assess().Summary.ReadinessIndex);

    [Fact]
    public void RatingCounts_CountTheRisks()
    {
        var a = new Scenario().Assess();
        var c = a.Summary.RatingCounts;
        Assert.Equal(a.Risks.Length, c.Critical + c.High + c.Moderate + c.Low);
        Assert.Equal(a.Risks.Count(r => r.Rating == RiskRating.Critical), c.Critical);
    }
    [Fact]
    public void A_chance_neither_none_nor_certain_is_never_written_as_0_percent()
    {
        // desk: four qualified holders, one untrained (a finding, so a risk); all four lost within the year 0.1⁴ = 0.0001,
        // which rounds to 0% at the text's one decimal and would read as "cannot happen".
        static Person Desk(Person p) => Skills(("itsm", 2))(p);
        var risk = new Scenario().Add("D1", "desk", p => Desk(p) with { LastTraining = null }).Add("D2", "desk", Desk).Add("D3", "desk", Desk).Add("D4", "desk", Desk)
            .Assess().Risks.Single(r => r.RiskId == "ROLE:desk");
        Assert.Equal(0.0001, risk.LikelihoodBasis.Probability12m, 9);
        Assert.EndsWith("Chance that no qualified holder is left within 12 months: <0.1%.", risk.Description, StringComparison.Ordinal);
    }
}

public sealed class TreatmentTests
{
    private static TreatmentBook Book(string json) => TreatmentBook.Read(Encoding.UTF8.GetBytes(json)).GetValueOrThrow();

    [Fact]
    public void Treatment_SetsOwnerStatusAndResponse()
    {
        var book = Book("""{ "ROLE:sec": { "owner": "CIO", "status": "In progress", "responseType": "mitigate", "note": "recruiting" } }""");
        var risk = new Scenario().Assess(treatments: book).Risks.Single(r => r.RiskId == "ROLE:sec");
        Assert.Equal(("CIO", RiskStatus.InProgress, ResponseType.Mitigate), (risk.Owner, risk.Status, risk.ResponseType));
        Assert.Equal("recruiting", risk.Treatment!.Note);
    }

    [Fact]
    public void ExpiredAcceptance_ReopensTheRisk()
    {
        var book = Book("""{ "ROLE:sec": { "status": "Accepted", "responseType": "Accept", "approver": "Board", "acceptedUntil": "2026-11-21" } }""");
        var risk = new Scenario().Assess(treatments: book).Risks.Single(r => r.RiskId == "ROLE:sec");
        Assert.Equal((RiskStatus.Open, ResponseType.Mitigate, true), (risk.Status, risk.ResponseType, risk.Treatment!.Reopened));
        Assert.StartsWith("Acceptance by Board lapsed on 2026-11-21; reopened.", risk.Treatment.Note);
    }

    [Fact]
    public void ResponseCost_IsKeptWithTheTreatment_AndOnlyWhereARecordGivesIt()
    {
        var book = Book("""{ "ROLE:sec": { "status": "In progress", "responseCost": 18500.5 } }""");
        var assessed = new Scenario().Assess(treatments: book);
        Assert.Equal(18500.5m, assessed.Risks.Single(r => r.RiskId == "ROLE:sec").Treatment!.ResponseCost);
        Assert.All(assessed.Risks.Where(r => r.RiskId != "ROLE:sec"), r => Assert.Null(r.Treatment?.ResponseCost));
        Assert.Null(Book("""{ "ROLE:sec": { "status": "Open" } }""").Treatments["ROLE:sec"].ResponseCost);
    }

    /// <summary>
    /// The response type a record leaves out follows from its status: a risk accepted (or transferred) is not one being
    /// mitigated, as the default Mitigate said of it. A response type the record gives is kept; a lapsed acceptance
    /// reopens the risk to be mitigated.
    /// </summary>
    [Theory]
    [InlineData("\"status\": \"accepted\", \"approver\": \"Board\", \"acceptedUntil\": \"2027-06-30\"", RiskStatus.Accepted, ResponseType.Accept)]
    [InlineData("\"status\": \"Accepted\", \"approver\": \"Board\", \"acceptedUntil\": \"2026-11-22\"", RiskStatus.Accepted, ResponseType.Accept)]
    [InlineData("\"status\": \"Accepted\", \"responseType\": \"Share\", \"approver\": \"Board\", \"acceptedUntil\": \"2027-06-30\"", RiskStatus.Accepted, ResponseType.Share)]
    [InlineData("\"status\": \"Accepted\", \"approver\": \"Board\", \"acceptedUntil\": \"2026-11-21\"", RiskStatus.Open, ResponseType.Mitigate)]
    [InlineData("\"status\": \"Transferred\"", RiskStatus.Transferred, ResponseType.Transfer)]
    [InlineData("\"status\": \"Transferred\", \"responseType\": \"Share\"", RiskStatus.Transferred, ResponseType.Share)]
    [InlineData("\"status\": \"In progress\"", RiskStatus.InProgress, ResponseType.Mitigate)]
    [InlineData("\"status\": \"Mitigated\"", RiskStatus.Mitigated, ResponseType.Mitigate)]
    [InlineData("\"owner\": \"CIO\"", RiskStatus.Open, ResponseType.Mitigate)]
    [InlineData("\"responseType\": \"Avoid\"", RiskStatus.Open, ResponseType.Avoid)]
    public void ResponseType_NotGiven_FollowsTheStatus(string record, RiskStatus status, ResponseType response)
    {
        var book = Book($$"""{ "ROLE:sec": { {{record}} } }""");
        var risk = new Scenario().Assess(treatments: book).Risks.Single(r => r.RiskId == "ROLE:sec");
        Assert.Equal((status, response), (risk.Status, risk.ResponseType));
    }

    /// <summary>
    /// A record whose risk the assessment does not have (a typo, a risk that has closed) is a warning of the assessment,
    /// naming the id, where before only the CLI's standard error and the app's log said so.
    /// </summary>
    [Theory]
    [InlineData("""{ "ROLE:sec": { "status": "In progress" } }""", new string[0])]
    [InlineData("""{ "ROLE:sec": { "status": "In progress" }, "ROLE:secc": { "status": "In progress" } }""", new[] { "ROLE:secc" })]
    [InlineData("""{ "OBL:gone": { "owner": "CIO" }, "ROLE:desk-typo": { "status": "Open" } }""", new[] { "OBL:gone", "ROLE:desk-typo" })]
    public void UnmatchedRecords_AreWarningsOfTheAssessment(string json, string[] unmatched)
    {
        var assessment = new Scenario().Assess(treatments: Book(json));
        var warnings = assessment.Warnings.Where(w => w.Code == "TREATMENT_UNMATCHED").ToList();
        Assert.Equal(unmatched, warnings.Select(w => w.Value));
        Assert.All(warnings, w =>
        {
            Assert.Equal($"The treatment record for {w.Value} matches no risk in this assessment, so it was not applied", w.Message);
            Assert.Null(w.Row);
            Assert.Null(w.PersonId);
        });
        Assert.Equal(assessment.Warnings.Length - warnings.Count, new Scenario().Assess().Warnings.Length);
    }

    [Fact]
    public void CurrentAcceptance_Holds()
    {
        var book = Book("""{ "ROLE:sec": { "status": "accepted", "responseType": "Accept", "approver": "Board", "acceptedUntil": "2026-11-22" } }""");
        var risk = new Scenario().Assess(treatments: book).Risks.Single(r => r.RiskId == "ROLE:sec");
        Assert.Equal((RiskStatus.Accepted, ResponseType.Accept), (risk.Status, risk.ResponseType));
    }

    [Theory]
    [InlineData("""{ "ROLE:sec": { "status": "Done" } }""", "ROLE:sec.status: 'Done' is not one of: Open, In progress, Mitigated, Accepted, Transferred")]
    [InlineData("""{ "ROLE:sec": { "status": "Accepted" } }""", "ROLE:sec.status: an acceptance needs an approver and an acceptedUntil date")]
    [InlineData("""{ "sec": { "status": "Open" } }""", "sec: a risk id starts with ROLE: or OBL:")]
    [InlineData("""{ "ROLE:sec": { "stauts": "Open" } }""", "ROLE:sec.stauts: unknown property")]
    [InlineData("""{ "ROLE:sec": { "responseCost": -1 } }""", "ROLE:sec.responseCost: -1 is below zero")]
    [InlineData("""{ "ROLE:sec": { "responseCost": "5000" } }""", "ROLE:sec.responseCost")]
    public void Invalid_ErrorNamesThePath(string json, string expected)
    {
        var result = TreatmentBook.Read(Encoding.UTF8.GetBytes(json));
        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }
}

public sealed class DiffTests
{
    [Fact]
    public void WithItself_IsEmpty()
    {
        var a = PropertyTests.RandomScenario(7).Assess();
        var diff = AssessmentDiff.Compare(a, a);
        Assert.True(diff.IsEmpty);
        Assert.Equal(a.Risks.Length, diff.Unchanged);
    }

    [Fact]
    public void ADeparture_ShowsExactlyTheRisksThatChanged()
    {
        // Before: A and backup B qualified for sec: neither ROLE:sec nor OBL:designate is a risk.
        // After B leaves: sec has a single point of failure and the designation rests on A alone.
        var scenario = new Scenario()
            .Add("A", "sec", Skills(("security", 3)))
            .Add("B", "sec", Skills(("security", 3)), Assignment.Backup);
        var before = scenario.Assess();
        var after = scenario.Assess(without: "B");
        var diff = AssessmentDiff.Compare(before, after);
        Assert.Equal(["OBL:designate", "ROLE:sec"], diff.New.Select(c => c.RiskId).Order());
        Assert.Empty(diff.Closed);
        Assert.Empty(diff.Escalated);
        Assert.Empty(diff.DeEscalated);
        Assert.True(diff.ReadinessChange < 0);
        // And back again: the same risks close.
        Assert.Equal(["OBL:designate", "ROLE:sec"], AssessmentDiff.Compare(after, before).Closed.Select(c => c.RiskId).Order());
    }
}

public sealed class DesignationResponseTests
{
    [Fact]
    public void UncoveredSingleOfficialDuty_TrainsAndDesignatesSomeone_NotABackup()
    {
        // The interim A is not qualified (security 1); D (desk, security 2, 10 years) is the best candidate.
        // Training D only as a backup would leave the duty undischarged; D must be designated.
        var risk = new Scenario()
            .Add("A", "sec", Scenario.Skills(("security", 1)), Assignment.Interim, roleStart: AsOf.AddDays(-30))
            .Add("D", "desk", p => p with { Competencies = ImmutableDictionary.CreateRange(new Dictionary<string, int> { ["security"] = 2, ["risk"] = 2, ["itsm"] = 2 }) })
            .Assess().Risks.Single(r => r.RiskId == "OBL:designate");
        Assert.Equal(25, risk.Score);
        var first = risk.Actions[0];
        Assert.Equal(ActionKind.QualifyBackup, first.Kind);
        Assert.EndsWith("and designate them the official of record", first.Description);
        Assert.Equal("D qualified as the designated official", risk.Residual.Assumes);
        Assert.True(risk.Residual.Score < risk.Score);
    }

    [Fact]
    public void DesignatingTheQualifiedBackup_KeepsTheirTimeInTheRole()
    {
        // B, a qualified backup for five years, is the only one: UNCOVERED 5 + NOT_DESIGNATED 3 → L5 × 5. Designated,
        // B discharges it alone: KEY_PEOPLE 2, p = 0.1 (not new in the role) → band 2 → L2 × 5 = 10. Counted new in the
        // seat (0.1 × 1.5 = 0.15 → band 3) the residual read 15.
        var risk = new Scenario()
            .Add("B", "sec", Scenario.Skills(("security", 3), ("risk", 2)), Assignment.Backup, roleStart: AsOf.AddYears(-5))
            .Assess().Risks.Single(r => r.RiskId == "OBL:designate");
        Assert.Equal(25, risk.Score);
        Assert.Equal(ActionKind.DesignateOfficial, risk.Actions[0].Kind);
        Assert.Equal("B designated", risk.Residual.Assumes);
        Assert.Equal((2, 10), (risk.Residual.Likelihood, risk.Residual.Score));
    }

    [Fact]
    public void TrainingTheOfficialInTheSeat_KeepsTheirSeatAndTimeInIt()
    {
        // A, primary for five years, falls short (security 2): UNCOVERED → L5 × 5. Trained, A discharges it alone:
        // KEY_PEOPLE 2, p = 0.1 → band 2 → L2 × 5 = 10. Reseated as a new interim (0.15 → band 3) the residual read 15.
        var risk = new Scenario()
            .Add("A", "sec", Scenario.Skills(("security", 2), ("risk", 2)), roleStart: AsOf.AddYears(-5))
            .Assess().Risks.Single(r => r.RiskId == "OBL:designate");
        Assert.Equal(25, risk.Score);
        Assert.Equal(ActionKind.QualifyBackup, risk.Actions[0].Kind);
        Assert.StartsWith("Bring A up to Security Officer", risk.Actions[0].Description);
        Assert.Equal((2, 10), (risk.Residual.Likelihood, risk.Residual.Score));
    }

    [Fact]
    public void OfTwoQualifiedBackups_TheOneStaying_IsDesignated()
    {
        // B1 and B2 are qualified backups and nobody discharges the duty; B1 leaves in two months.
        var risk = new Scenario()
            .Add("B1", "sec", p => Scenario.Skills(("security", 3), ("risk", 2))(p) with { Departure = AsOf.AddMonths(2) }, Assignment.Backup)
            .Add("B2", "sec", Scenario.Skills(("security", 3), ("risk", 2)), Assignment.Backup)
            .Assess().Risks.Single(r => r.RiskId == "OBL:designate");
        var designate = Assert.Single(risk.Actions, a => a.Kind == ActionKind.DesignateOfficial);
        Assert.Equal(["B2"], designate.People.Select(p => p.PersonId));
        Assert.Equal("B2 designated", risk.Residual.Assumes);
    }

    [Fact]
    public void QualifiedBackupNotDesignated_IsDesignated_AndTheOneTrainedIsNotDesignatedToo()
    {
        // A holds the seat (security 2, not qualified); B is a qualified backup: designate B. Training A as well must not
        // tell the organization to designate A: two actions naming two different officials of record.
        var risk = new Scenario()
            .Add("A", "sec", Scenario.Skills(("security", 2), ("risk", 2)))
            .Add("B", "sec", Scenario.Skills(("security", 3), ("risk", 2)), Assignment.Backup)
            .Assess().Risks.Single(r => r.RiskId == "OBL:designate");
        var designate = Assert.Single(risk.Actions, a => a.Kind == ActionKind.DesignateOfficial);
        Assert.Equal(["B"], designate.People.Select(p => p.PersonId));
        var qualify = Assert.Single(risk.Actions, a => a.Kind == ActionKind.QualifyBackup);
        Assert.Equal("A", qualify.People[0].PersonId);
        Assert.DoesNotContain("designate", qualify.Description, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class TreatmentEdgeTests
{
    [Fact]
    public void NullRecord_IsAnInputError_NotACrash()
    {
        var result = TreatmentBook.Read(Encoding.UTF8.GetBytes("""{ "ROLE:sec": null }"""));
        Assert.StartsWith("ROLE:sec: expected an object", result.Errors.Single().ToString());
    }

    [Fact]
    public void EarlierTreatmentDueDate_PullsTheActionsIn()
    {
        var book = TreatmentBook.Read(Encoding.UTF8.GetBytes("""{ "ROLE:sec": { "dueDate": "2026-12-01", "owner": " " } }""")).GetValueOrThrow();
        var risk = new Scenario().Assess(treatments: book).Risks.Single(r => r.RiskId == "ROLE:sec");
        Assert.Equal(new DateOnly(2026, 12, 1), risk.DueDate);
        Assert.All(risk.Actions, a => Assert.True(a.DueDate <= risk.DueDate));
        Assert.Equal("Security Officer", risk.Owner);
    }
}

/// <summary>How a probability is written (Chance): the table of what a board reads for each value.</summary>
public sealed class ChanceTests
{
    [Theory]
    [InlineData(0.0, "0%", "0.000")]
    [InlineData(1.9e-05, "<0.1%", "<0.001")]
    [InlineData(0.000499, "<0.1%", "<0.001")]
    [InlineData(0.001, "0.1%", "0.001")]
    [InlineData(0.03, "3%", "0.030")]
    [InlineData(0.125, "12.5%", "0.125")]
    [InlineData(0.999, "99.9%", "0.999")]
    [InlineData(0.9996, ">99.9%", ">0.999")]
    [InlineData(0.999999, ">99.9%", ">0.999")]
    [InlineData(1.0, "100%", "1.000")]
    public void Written(double probability, string percent, string fraction) =>
        Assert.Equal((percent, fraction), (Chance.Percent(probability), Chance.Fraction(probability)));
}
