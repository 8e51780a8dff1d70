using Microsoft.AspNetCore.Mvc;

namespace ComplianceRisk.Functions.Handler;

/// <summary>Error answers as RFC 9457 problem details: a status, a short title, and a detail that tells the caller what to do.</summary>
public static class Problems
{
    // The type link is filled in by ASP.NET Core from the status (RFC 9110 sections).
    public static IResult Create(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });

    public static IResult Create(RequestProblem problem) => Create(problem.Status, problem.Title, problem.Detail);

    public static IResult BadQuery(string parameter, string detail) => BadQuery(new QueryProblem(parameter, detail));

    public static IResult BadQuery(QueryProblem problem) => Create(StatusCodes.Status400BadRequest, problem.Title, problem.Detail);
}

/// <summary>
/// A problem with a request, said once whichever way it is answered: <see cref="Problems.Create(RequestProblem)"/> for a
/// forwarded function, <c>EnvelopeHttp.Problem</c> inside an envelope's HTTP output.
/// </summary>
public sealed record RequestProblem(int Status, string Title, string Detail);
