using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Engine.Rosters;
using static ComplianceRisk.Engine.Tests.Scenario;

namespace ComplianceRisk.Engine.Tests;

/// <summary>
/// Where the engine's texts name people (docs/risks.md, "Mentions of people"): each mention, listed or given by the way
/// the texts are written, stands on its person's id, in a text that holds no mark of how it was found.
/// </summary>
public sealed class PersonMentionTests
{
    /// <summary>People numbered as many HR systems number them, so their ids equal the tiers, counts and years around them.</summary>
    private static Assessment Numbered() => new Scenario()
        .Add("1", "sec", Skills(("security", 3), ("risk", 2)), Assignment.Interim, roleStart: AsOf.AddDays(-200))
        .Add("2", "sec", p => Skills(("security", 1))(p) with { YearsExperience = 1, Departure = AsOf.AddDays(30) }, Assignment.Backup)
        .Add("12", "sec", p => Skills(("security", 3), ("risk", 2))(p) with { EmploymentType = EmploymentType.Contractor, Vendor = "Acme" }, Assignment.Backup)
        .Add("2026", "desk", p => Skills(("security", 1))(p) with { LastTraining = AsOf.AddYears(-2) })
        .Add("e5", "desk", p => p with { YearsExperience = 0.5, EmploymentType = EmploymentType.Contractor })
        .Add("1", "desk", fte: 0.5)
        .Assess();

    [Fact]
    public void EveryMention_StandsOnItsPersonsId_AndNoMarkIsLeft()
    {
        var assessment = Numbered();
        var roles = assessment.Roles.ToDictionary(r => r.RoleId);
        var found = 0;
        void Check(string text, IReadOnlyList<(int At, string PersonId)> mentions, string where)
        {
            Assert.DoesNotContain(text, c => c is '\uFDD0' or '\uFDD1');
            foreach (var (at, id) in mentions)
            {
                Assert.True(at >= 0 && at + id.Length <= text.Length && text.AsSpan(at, id.Length).SequenceEqual(id), $"{where}: no '{id}' at {at} in '{text}'");
                found++;
            }
        }
        foreach (var role in assessment.Roles)
        {
            var mentions = TextMentions.OfRole(role)!;
            for (var i = 0; i < role.Flags.Length; i++)
            {
                Check(role.Flags[i].Message, mentions.InFlag(i), $"{role.RoleId} flag {i}");
                if (role.Flags[i].PersonId is { } id) Assert.Contains((0, id), mentions.InFlag(i));
            }
        }
        foreach (var obligation in assessment.Obligations)
        {
            var mentions = TextMentions.OfObligation(obligation)!;
            for (var i = 0; i < obligation.Findings.Length; i++) Check(obligation.Findings[i], mentions.In($"findings/{i}"), $"{obligation.ObligationId} finding {i}");
            for (var i = 0; i < obligation.LossEvents.Length; i++) Check(obligation.LossEvents[i].Reason, mentions.In($"lossEvents/{i}"), $"{obligation.ObligationId} loss event {i}");
        }
        foreach (var risk in assessment.Risks)
        {
            var mentions = TextMentions.OfRisk(risk, risk.RoleId is { } roleId ? roles[roleId] : null)!;
            Check(risk.Title, mentions.In("title"), risk.RiskId);
            Check(risk.Description, mentions.In("description"), risk.RiskId);
            for (var i = 0; i < risk.Factors.Length; i++) Check(risk.Factors[i].Description, mentions.In($"factors/{i}"), $"{risk.RiskId} factor {i}");
            for (var i = 0; i < risk.Actions.Length; i++)
            {
                Check(risk.Actions[i].Description, mentions.In($"actions/{i}"), $"{risk.RiskId} action {i}");
                for (var j = 0; j < risk.Actions[i].People.Length; j++) Check(risk.Actions[i].People[j].Reason, mentions.In($"actions/{i}/people/{j}"), $"{risk.RiskId} action {i} person {j}");
            }
            Check(risk.Residual.Assumes, mentions.In("residual"), risk.RiskId);
        }
        Assert.True(found > 10, $"only {found} mentions");

        // The security officer's risk: its description quotes its factors, whose mentions its role's flags give.
        var sec = assessment.Risks.Single(r => r.RiskId == "ROLE:sec");
        var ofSec = TextMentions.OfRisk(sec, roles["sec"])!;
        Assert.Contains(ofSec.In("description"), m => m.PersonId == "2");
        Assert.StartsWith("Security Officer (tier 1): ", sec.Description);
    }

    [Fact]
    public void AnIdThatStartsASentence_IsWrittenAsTheRosterHasIt()
    {
        // e5's flag leads the role's description: "e5 is the only qualified holder", not "E5 …", which is not their id.
        var risk = new Scenario().Add("e5", "sec", Skills(("security", 3))).Assess().Risks.Single(r => r.RiskId == "ROLE:sec");
        Assert.StartsWith("Security Officer (tier 1): e5 is the only qualified holder", risk.Description);
    }

    [Fact]
    public void RoleRisks_ListOnlyWhatTheirFlagsDoNotGive()
    {
        // A role risk's factors and description are its flags' messages: their mentions are not listed again.
        var assessment = Numbered();
        foreach (var risk in assessment.Risks.Where(r => r.RoleId is not null))
            Assert.DoesNotContain(risk.Mentions!.Value, m => m.In == "description" || m.In.StartsWith("factors/", StringComparison.Ordinal));
    }
}
