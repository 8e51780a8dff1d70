using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary>
/// <c>GET api/orgs/{org}/assessments</c> (envelope): the organization's submissions from the <c>Assessments</c> table,
/// newest first, each Assessed or Rejected with where its documents are. None yet is an empty list.
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
        foreach (var row in rows.Where(r => r["RowKey"] is not null).OrderByDescending(r => r["RowKey"]!.ToString(), StringComparer.Ordinal))
        {
            var name = row["RowKey"]!.ToString();
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
