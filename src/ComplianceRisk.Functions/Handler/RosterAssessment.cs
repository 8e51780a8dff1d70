using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Functions.Handler;

/// <summary>
/// A stored roster assessed with the organization's stored profile and treatments: the one way the app does it, so
/// ProcessRoster (as of the submission) and ComposeReport (as of the report's date) cannot disagree about the same
/// inputs. Either an assessment (with the roster it read, the treatments it applied and the profile it was made with) or
/// the problem that stopped it.
/// </summary>
public sealed record RosterAssessment(Assessment? Assessment, Roster? Roster, TreatmentBook? Treatments, RosterRejection? Problem)
{
    public OrganizationProfile? Profile { get; init; }

    /// <summary>How the register is written of this assessment: with its roster, and its profile's calibrations on the Methodology sheet.</summary>
    public RegisterOptions RegisterOptions => new() { Roster = Roster, Profile = Profile };

    public static RosterAssessment Assess(string org, byte[] roster, byte[]? profileJson, byte[]? treatmentsJson, DateOnly asOf, Catalog catalog, HandlerSettings settings)
    {
        static RosterAssessment Fail(string code, string message, string hint) => new(null, null, null, new RosterRejection(code, message, hint));

        if (profileJson is null)
            return Fail("no-profile", $"Organization {org} has no profile, so it is not known which obligations apply.",
                $"PUT the organization profile to api/orgs/{org}/profile first, then submit the roster again.");
        var profile = ProfileReader.Read(profileJson, read => read.CheckAgainst(catalog));
        if (!profile.Success)
            return Fail("invalid-profile", $"The stored profile of {org} is invalid: {string.Join("; ", profile.Errors.Take(5))}.",
                $"PUT a valid profile to api/orgs/{org}/profile, then submit the roster again.");
        var book = TreatmentBook.Empty;
        if (treatmentsJson is not null)
        {
            var read = TreatmentBook.Read(treatmentsJson);
            if (!read.Success)
                return Fail("invalid-treatments", $"The stored treatments of {org} are invalid: {string.Join("; ", read.Errors.Take(5))}.",
                    $"PUT valid treatments to api/orgs/{org}/treatments, then submit the roster again.");
            book = read.Value;
        }
        if (roster.Length > settings.MaxUploadBytes)
            return Fail("too-large", $"The roster is {roster.Length:N0} bytes; the limit is {settings.MaxUploadBytes:N0}.", "Split the roster.");

        var limits = RosterLimits.Default with { MaxBytes = settings.MaxUploadBytes };
        var document = RosterDocument.Read(new MemoryStream(roster, writable: false), catalog, profile.Value!, limits);
        if (document.Roster is not { } rows)
            return new(null, null, null, document.Rejection ?? throw new InvalidOperationException("the roster reader gave neither a roster nor a rejection"));

        // The same roster, profile, treatments and date always give the same assessment.
        var assessment = new Assessor(catalog).Assess(profile.Value!, rows, new AssessmentOptions { AsOf = asOf, Treatments = book });
        return new(assessment, rows, book, null) { Profile = profile.Value };
    }
}
