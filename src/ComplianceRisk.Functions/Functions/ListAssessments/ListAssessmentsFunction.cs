using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary>
/// <c>GET api/orgs/{org}/assessments</c> (envelope): the organization's submissions from the <c>Assessments</c> table,
/// newest submission first (rows without a submission time last), each Assessed or Rejected with where its documents
/// are. None yet is an empty list.
/// </summary>
public static class ListAssessmentsFunction
{
    public const string Name = "ListAssessments";
    public const string Input = "assessments";

    /// <summary>The row's properties the list shows (ProcessRoster writes them), under the names the answer gives them.</summary>
    private static readonly (string Row, string Answer)[] Columns =
    [
        ("Status", "status"), ("SubmittedAt", "submittedAt"), ("AsOf", "asOf"), ("RosterSha256", "rosterSha256"),
        ("AssessmentId", "assessmentId"), ("ReadinessIndex", "readinessIndex"), ("Critical", "critical"), ("High", "high"),
        ("Moderate", "moderate"), ("Low", "low"), ("Rows", "rows"), ("People", "people"), ("Warnings", "warnings"),
        ("Code", "code"), ("Reason", "reason"), ("Hint", "hint"), ("Row", "row"), ("Column", "column"),
    ];

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapEnvelope(Name, (request, _) => Task.FromResult(Invoke(request)));

    public static InvocationResponse Invoke(InvocationRequest request)
    {
        if (OrgInvocation.From(request) is not { } call) return OrgInvocation.NotAnOrgRequest();
        var rows = request.Rows(Input);
        var items = new JsonArray();
        // Newest submission first (the timestamps are fixed-width UTC, so ordinal order is time order; the name breaks a tie).
        // A row without a submission time comes last: a blob put under rosters/ by hand (not-a-submission) was never
        // submitted, and its name, which sorts after every time, says nothing of when it came.
        var newestFirst = rows.Where(r => r["RowKey"] is not null)
            .OrderBy(r => r["SubmittedAt"] is null)
            .ThenByDescending(r => r["SubmittedAt"]?.ToString(), StringComparer.Ordinal)
            .ThenByDescending(r => r["RowKey"]!.ToString(), StringComparer.Ordinal);
        foreach (var row in newestFirst)
        {
            // The roster's name: the RowKey, unless the name held what a key cannot (ProcessRoster then keeps it in Name).
            var name = row.PropertyText(ProcessRosterFunction.NameProperty) ?? row["RowKey"]!.ToString();
            var item = new JsonObject { ["name"] = name };
            foreach (var (column, answer) in Columns)
                if (row[column] is { } value) item[answer] = value.DeepClone();
            var self = $"/api/orgs/{call.Org}/assessments/{name}";
            if (row["Status"]?.ToString() == ProcessRosterFunction.Assessed)
            {
                item["assessment"] = self;
                item["register"] = self + "/register";
            }
            items.Add(item);
        }
        return new InvocationOutputs()
            .Http(OrgInvocation.Response, EnvelopeHttp.Json(StatusCodes.Status200OK, new JsonObject { ["organization"] = call.Org, ["assessments"] = items }))
            .ToResponse();
    }
}
