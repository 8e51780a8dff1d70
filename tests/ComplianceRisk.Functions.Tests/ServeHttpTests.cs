using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ComplianceRisk.Cli;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Functions.Handler;
using DocumentFormat.OpenXml.Packaging;

namespace ComplianceRisk.Functions.Tests;

/// <summary>The HTTP API through serve over loopback: every route, every error status, the documents it answers with.</summary>
public sealed class ServeHttpTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    private static readonly string RealisticFolder = Repo.File("tests", "fixtures", "realistic-roster");
    private const string RealisticQuery = "orgId=pecan-creek&orgType=hospital&jurisdiction=US-TX&asOf=2026-11-22";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private HttpClient Client => serve.Client;

    private static ByteArrayContent FileBody(string path, string? contentType)
    {
        var content = new ByteArrayContent(File.ReadAllBytes(path));
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    [Fact]
    public async Task Assess_answers_the_same_json_as_the_cli_for_the_same_csv_roster()
    {
        var roster = Path.Combine(RealisticFolder, "roster.csv");
        var response = await Client.PostAsync($"/api/assess?{RealisticQuery}", FileBody(roster, "text/csv"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var http = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var stdout = new StringWriter();
        var code = await new CliApp(stdout, new StringWriter(), Serve.Clock).RunAsync(
            ["assess", roster, "--org-id", "pecan-creek", "--org-type", "hospital", "--jurisdiction", "US-TX", "--as-of", "2026-11-22", "--format", "json"], TestContext.Current.CancellationToken);
        Assert.Equal(0, code);
        Assert.Equal(stdout.ToString(), http);
    }

    [Fact]
    public async Task Assess_reads_an_xlsx_roster_by_its_content_type_and_by_sniffing_alike()
    {
        var csv = await Client.PostAsync($"/api/assess?{RealisticQuery}", FileBody(Path.Combine(RealisticFolder, "roster.csv"), "text/csv"), TestContext.Current.CancellationToken);
        var xlsxTyped = await Client.PostAsync($"/api/assess?{RealisticQuery}", FileBody(Path.Combine(RealisticFolder, "roster.xlsx"), XlsxType), TestContext.Current.CancellationToken);
        var xlsxSniffed = await Client.PostAsync($"/api/assess?{RealisticQuery}", FileBody(Path.Combine(RealisticFolder, "roster.xlsx"), "application/octet-stream"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, xlsxTyped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, xlsxSniffed.StatusCode);

        // The same people and roles give the same conclusions; only the roster's own fingerprint differs.
        static async Task<JsonElement> Conclusions(HttpResponseMessage response)
        {
            var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return JsonDocument.Parse(JsonSerializer.Serialize(new { roles = root.GetProperty("roles"), obligations = root.GetProperty("obligations"), risks = root.GetProperty("risks") })).RootElement;
        }
        var expected = (await Conclusions(csv)).GetRawText();
        Assert.Equal(expected, (await Conclusions(xlsxTyped)).GetRawText());
        Assert.Equal(expected, (await Conclusions(xlsxSniffed)).GetRawText());
    }

    [Fact]
    public async Task Assess_with_format_xlsx_answers_a_register_workbook_that_opens()
    {
        var response = await Client.PostAsync($"/api/assess?{RealisticQuery}&format=xlsx", FileBody(Path.Combine(RealisticFolder, "roster.csv"), "text/csv"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("register-pecan-creek-2026-11-22.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        var sheets = Workbooks.SheetNames(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Documents.Registers.RegisterWorkbook.SheetNames.Where(n => n is not ("Changes" or "Readiness Trend")), sheets);
    }

    [Fact]
    public async Task Assess_and_RenderRegister_answer_the_register_as_nist_8286_json()
    {
        var schema = JsonDocument.Parse(File.ReadAllText(Repo.File("schemas", "nist-8286-risk-register.schema.json"))).RootElement;
        var assessed = await Client.PostAsync($"/api/assess?{RealisticQuery}&format=nist-8286-json", FileBody(Path.Combine(RealisticFolder, "roster.csv"), "text/csv"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, assessed.StatusCode);
        Assert.Equal("application/json", assessed.Content.Headers.ContentType?.MediaType);
        var register = JsonDocument.Parse(await assessed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var risks = register.GetProperty("risks").EnumerateArray().ToList();
        Assert.NotEmpty(risks);
        string[] fields = ["riskId", "riskDescription", "riskCategory", "riskLikelihood", "riskImpact", "exposureRating",
            "riskResponseType", "riskResponseCost", "riskResponseDescription", "riskOwnerPointOfContact", "status"];
        Assert.All(risks, risk => Assert.All(fields, field => Assert.True(risk.TryGetProperty(field, out _), field)));
        Assert.Contains("riskId", schema.GetRawText());

        var json = await (await Client.PostAsync($"/api/assess?{RealisticQuery}", FileBody(Path.Combine(RealisticFolder, "roster.csv"), "text/csv"), TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var rendered = await Client.PostAsync("/api/registers?format=nist-8286-json", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, rendered.StatusCode);
        Assert.Equal(register.GetProperty("risks").GetRawText(),
            JsonDocument.Parse(await rendered.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("risks").GetRawText());
    }

    [Fact]
    public async Task Assess_what_if_without_a_person_changes_the_answer_and_an_unknown_id_is_a_400()
    {
        var roster = Path.Combine(RealisticFolder, "roster.csv");
        var before = await Client.PostAsync($"/api/assess?{RealisticQuery}", FileBody(roster, "text/csv"), TestContext.Current.CancellationToken);
        var people = JsonDocument.Parse(await before.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var someone = people.GetProperty("roles").EnumerateArray().SelectMany(r => r.GetProperty("holders").EnumerateArray()).First().GetProperty("personId").GetString();

        var after = await Client.PostAsync($"/api/assess?{RealisticQuery}&without={someone}", FileBody(roster, "text/csv"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(await before.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var unknown = await Client.PostAsync($"/api/assess?{RealisticQuery}&without=NOBODY-1", FileBody(roster, "text/csv"), TestContext.Current.CancellationToken);
        await AssertProblem(unknown, HttpStatusCode.BadRequest, "NOBODY-1");
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "format=pdf", "format" },
        { "asOf=22/11/2026", "asOf" },
        { "asOf=9999-12-31", "outside the dates assessments are made as of (1900-01-01 to 2200-12-31)" },
        { "asOf=0001-01-01", "outside the dates assessments are made as of" },
        { "orgType=castle", "castle" },
        { "jurisdiction=Mars", "Mars" },
        { "attribute=coveredEntity=maybe", "attribute" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Assess_answers_400_with_a_problem_for_a_bad_query(string query, string mentioned)
    {
        var response = await Client.PostAsync($"/api/assess?{query}", FileBody(Path.Combine(RealisticFolder, "roster.csv"), "text/csv"), TestContext.Current.CancellationToken);
        await AssertProblem(response, HttpStatusCode.BadRequest, mentioned);
    }

    [Theory]
    [InlineData("orgType=hospitl", "Invalid query parameter 'orgType'", "orgType: unknown organization type 'hospitl'")]
    [InlineData("jurisdiction=US-ZZ", "Invalid query parameter 'jurisdiction'", "jurisdiction: unknown jurisdiction 'US-ZZ'")]
    [InlineData("attribute=coveredentity=true", "Invalid query parameter 'attribute'", "attribute coveredentity: unknown attribute")]
    [InlineData("orgId=%20", "Invalid query parameter 'orgId'", "orgId: an organization id is required")]
    [InlineData("orgType=hospitl&jurisdiction=Mars", "Invalid query parameters 'orgType' and 'jurisdiction'", "orgType: unknown organization type 'hospitl'")]
    public async Task Assess_names_the_query_parameter_an_organization_error_comes_from(string query, string title, string detail)
    {
        // As asOf, format and the others are named: not "Invalid organization" with the profile's own path (orgTypes[0]).
        var response = await Client.PostAsync($"/api/assess?{query}", FileBody(Path.Combine(RealisticFolder, "roster.csv"), "text/csv"), TestContext.Current.CancellationToken);
        await AssertProblem(response, HttpStatusCode.BadRequest, detail);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.DoesNotContain("orgTypes[", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/assess?format=xlsx&pseudonymize=yes", "text/csv", "'yes' is not true or false.")]
    [InlineData("/api/assess?format=nist-8286-json&pseudonymize=1", "text/csv", "'1' is not true or false.")]
    [InlineData("/api/registers?pseudonymize=bad", "application/json", "'bad' is not true or false.")]
    public async Task Assess_and_RenderRegister_answer_a_bad_pseudonymize_as_the_org_register_route_does(string pathAndQuery, string contentType, string detail)
    {
        // One reading of the parameter (Handler.PseudonymizeParameter) for these routes and an organization's stored register.
        var body = contentType == "text/csv" ? FileBody(Path.Combine(RealisticFolder, "roster.csv"), contentType) : new StringContent("{}", Encoding.UTF8, contentType);
        var response = await Client.PostAsync(pathAndQuery, body, TestContext.Current.CancellationToken);
        await AssertProblem(response, HttpStatusCode.BadRequest, "pseudonymize");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("Invalid query parameter 'pseudonymize'", problem.GetProperty("title").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Assess_answers_411_when_the_body_has_no_length()
    {
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/assess")
        {
            Content = new StreamContent(new MemoryStream(File.ReadAllBytes(Path.Combine(RealisticFolder, "roster.csv")))),
        };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        await AssertProblem(await Client.SendAsync(chunked, TestContext.Current.CancellationToken), HttpStatusCode.LengthRequired, "Content-Length");

        var empty = await Client.PostAsync("/api/assess", null, TestContext.Current.CancellationToken);
        await AssertProblem(empty, HttpStatusCode.LengthRequired, "Content-Length");
    }

    public static TheoryData<string, string, string, long> StalledUploads => new()
    {
        // Forwarded: serve copies the body to the handler as it arrives, so the stall surfaces inside that copy.
        { "POST", "/api/assess", "text/csv", 1000 },
        // Over the handler's 32 MiB limit but under the host's: forwarded too, and the body that never comes is the failure.
        { "POST", "/api/assess", "text/csv", 40_000_000 },
        { "POST", "/api/registers", "application/json", 1000 },
        // An envelope: serve reads the body itself before it invokes the function.
        { "PUT", "/api/orgs/pecan-creek/profile", "application/json", 1000 },
    };

    [Theory]
    [MemberData(nameof(StalledUploads))]
    public async Task A_body_that_stops_arriving_is_a_408_problem_not_a_500(string method, string path, string contentType, long length)
    {
        // Kestrel gives up on a body slower than MinRequestBodyDataRate (240 bytes a second after 5 s of grace).
        var (status, headers, body) = await StalledRequestAsync(method, path, contentType, length, "employee_id,role\r\n");
        Assert.Equal(408, status);
        Assert.Contains("content-type: application/problem+json", headers, StringComparison.OrdinalIgnoreCase);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(408, problem.GetProperty("status").GetInt32());
        Assert.Equal("Request body timed out", problem.GetProperty("title").GetString());
        Assert.Equal($"The body stopped arriving before the {length:N0} bytes its Content-Length announced. Send the whole file at once, with a Content-Length that matches it.",
            problem.GetProperty("detail").GetString());
    }

    /// <summary>
    /// A request whose body stops short of its Content-Length and then waits, written on a socket of its own (HttpClient
    /// cannot send less than the length it announces): the status, the header lines and the body of serve's answer.
    /// </summary>
    private Task<(int Status, string Headers, string Body)> StalledRequestAsync(string method, string path, string contentType, long length, string start) =>
        StalledRequestAsync(serve.App.Host.Addresses[0], method, path, contentType, length, start, "");

    /// <summary>The same to any serve, with <paramref name="moreHeaders"/> (each line ending in CRLF) after the request header.</summary>
    private static async Task<(int Status, string Headers, string Body)> StalledRequestAsync(Uri address, string method, string path, string contentType, long length, string start, string moreHeaders)
    {
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        var stream = socket.GetStream();
        var head = $"{method} {path} HTTP/1.1\r\nHost: {address.Authority}\r\n{Functions.Runtime.ServeGuard.RequestHeader}: tests\r\n{moreHeaders}" +
            $"Content-Type: {contentType}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n{start}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        var bytes = answer.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var headers = Encoding.ASCII.GetString(bytes, 0, split);
        var body = bytes.AsSpan(split + 4);
        var text = headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Unchunk(body) : Encoding.UTF8.GetString(body);
        return (int.Parse(headers.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, text);
    }

    /// <summary>Kestrel frames a body of unknown length in chunks: a hexadecimal size line, the bytes and CRLF, until size 0.</summary>
    private static string Unchunk(ReadOnlySpan<byte> body)
    {
        var text = new StringBuilder();
        while (true)
        {
            var eol = body.IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(body[..eol]), 16);
            if (size == 0) return text.ToString();
            text.Append(Encoding.UTF8.GetString(body.Slice(eol + 2, size)));
            body = body[(eol + 2 + size + 2)..];
        }
    }

    [Fact]
    public async Task Assess_answers_415_for_a_body_that_is_not_a_roster_type()
    {
        var response = await Client.PostAsync("/api/assess", new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "text/csv");
        var image = await Client.PostAsync("/api/assess", FileBody(Path.Combine(RealisticFolder, "roster.csv"), "image/png"), TestContext.Current.CancellationToken);
        await AssertProblem(image, HttpStatusCode.UnsupportedMediaType, "image/png");
        // The detail names every type the function reads, the Windows browsers' type for a .csv among them.
        var detail = JsonDocument.Parse(await image.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("detail").GetString();
        Assert.All(AssessFunction.RosterMediaTypes, type => Assert.Contains(type, detail));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("text/")]
    [InlineData("/")]
    [InlineData("text/csv;;;")]
    public async Task Assess_answers_415_for_a_content_type_that_does_not_parse(string contentType)
    {
        // Not one of the types the function reads, whatever it starts with; before, it read as no content type and was assessed.
        var body = FileBody(Path.Combine(RealisticFolder, "roster.csv"), null);
        Assert.True(body.Headers.TryAddWithoutValidation("Content-Type", contentType));
        var response = await Client.PostAsync("/api/assess", body, TestContext.Current.CancellationToken);
        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, $"'{contentType}' is not a roster");
    }

    [Fact]
    public async Task Assess_answers_422_for_a_file_that_is_not_a_readable_roster()
    {
        var zipOfSomethingElse = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(zipOfSomethingElse, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            using (var entry = new StreamWriter(zip.CreateEntry("notes.txt").Open())) entry.Write("not a workbook");
        var response = await Client.PostAsync("/api/assess", new ByteArrayContent(zipOfSomethingElse.ToArray()) { Headers = { ContentType = MediaTypeHeaderValue.Parse(XlsxType) } }, TestContext.Current.CancellationToken);
        await AssertProblem(response, HttpStatusCode.UnprocessableEntity, "");

        var noIdColumn = await Client.PostAsync("/api/assess", new StringContent("name,role\nAda,ciso\n", Encoding.UTF8, "text/csv"), TestContext.Current.CancellationToken);
        await AssertProblem(noIdColumn, HttpStatusCode.UnprocessableEntity, "employee_id");
    }

    [Fact]
    public async Task Assess_answers_413_over_the_upload_limit_before_reading_the_body()
    {
        await using var small = await Serve.StartAsync(settings: new HandlerSettings { MaxUploadBytes = 1024 });
        var response = await small.Client.PostAsync("/api/assess", FileBody(Path.Combine(RealisticFolder, "roster.csv"), "text/csv"), TestContext.Current.CancellationToken);
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "1,024");
    }

    [Theory]
    [InlineData("POST", "/api/assess", "text/csv")]
    [InlineData("PUT", "/api/orgs/pecan-creek/profile", "application/json")]
    public async Task A_body_over_serves_own_limit_is_a_413_problem_that_says_the_limit(string method, string path, string contentType)
    {
        // Announced, never sent: serve refuses by the Content-Length, before it reads a byte, like every other refusal, as a problem.
        var (status, headers, body) = await StalledRequestAsync(method, path, contentType, 200L * 1024 * 1024, "employee_id,role\r\n");
        Assert.Equal(413, status);
        Assert.Contains("content-type: application/problem+json", headers, StringComparison.OrdinalIgnoreCase);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal("Request too large", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains($"{200L * 1024 * 1024:N0} bytes", detail);
        Assert.Contains($"at most {100L * 1024 * 1024:N0} bytes", detail);
        Assert.Contains("Split the roster", detail);
    }

    [Fact]
    public async Task An_admin_body_over_serves_own_limit_is_a_413_problem_too()
    {
        // The admin endpoint reads its body itself, so there it is Kestrel's MaxRequestBodySize that meets the body.
        await using var withKeys = await Serve.StartAsync(keysFile: TestKeys.File());
        var (status, headers, body) = await StalledRequestAsync(withKeys.Host.Addresses[0], "POST", "/admin/functions/ScheduleReports", "application/json",
            200L * 1024 * 1024, "{", $"{Functions.Runtime.ServeKeys.Header}: {TestKeys.Operator}\r\n");
        Assert.Equal(413, status);
        Assert.Contains("content-type: application/problem+json", headers, StringComparison.OrdinalIgnoreCase);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal("Request too large", problem.GetProperty("title").GetString());
        Assert.Contains($"at most {100L * 1024 * 1024:N0} bytes", problem.GetProperty("detail").GetString());
        Assert.Contains("\"input\"", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RenderRegister_turns_an_assessment_into_a_register_and_refuses_what_is_not_one()
    {
        var assessed = await Client.PostAsync($"/api/assess?{RealisticQuery}", FileBody(Path.Combine(RealisticFolder, "roster.csv"), "text/csv"), TestContext.Current.CancellationToken);
        var json = await assessed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var register = await Client.PostAsync("/api/registers?pseudonymize=true", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.Equal(XlsxType, register.Content.Headers.ContentType?.MediaType);
        var bytes = await register.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Risk Register", Workbooks.SheetNames(bytes));
        // Pseudonymized: no incumbent's name appears anywhere in the workbook's text.
        var names = JsonDocument.Parse(json).RootElement.GetProperty("roles").EnumerateArray()
            .SelectMany(r => r.GetProperty("holders").EnumerateArray())
            .Select(i => i.TryGetProperty("name", out var n) ? n.GetString() : null).OfType<string>().Where(n => n.Length > 3).Distinct().ToList();
        Assert.NotEmpty(names);
        var text = AllText(bytes);
        Assert.DoesNotContain(names, text.Contains);

        await AssertProblem(await Client.PostAsync("/api/registers", new StringContent(json, Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken), HttpStatusCode.UnsupportedMediaType, "as application/json (got 'text/plain')");
        await AssertProblem(await Client.PostAsync("/api/registers", new StringContent("{\"schemaVersion\":\"9\"}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken), HttpStatusCode.UnprocessableEntity, "");
    }

    [Fact]
    public async Task RenderRegister_answers_411_when_the_body_has_no_length_whatever_its_type()
    {
        var assessed = await Client.PostAsync($"/api/assess?{RealisticQuery}", FileBody(Path.Combine(RealisticFolder, "roster.csv"), "text/csv"), TestContext.Current.CancellationToken);
        var json = await assessed.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        // The host copies neither a chunked body nor its Content-Type (HttpRequestExtensions.ToHttpRequestMessage), so the
        // function sees no type either: the length is what the caller must fix, as api/assess says.
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/registers") { Content = new StreamContent(new MemoryStream(json)) };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        var empty = new HttpRequestMessage(HttpMethod.Post, "/api/registers") { Content = new ByteArrayContent([]) };
        empty.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");

        foreach (var response in (HttpResponseMessage[])[
            await Client.SendAsync(chunked, TestContext.Current.CancellationToken),
            await Client.SendAsync(empty, TestContext.Current.CancellationToken),
            await Client.PostAsync("/api/registers", null, TestContext.Current.CancellationToken)])
        {
            await AssertProblem(response, HttpStatusCode.LengthRequired, "Length required");
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal("The request carried no assessment. Send the file as the request body with a Content-Length header: a chunked upload arrives empty through Azure Functions.",
                problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task An_org_write_with_neither_a_body_nor_a_content_type_is_411_not_415()
    {
        // The host drops the content type with the body it does not copy, so "no content type" would blame the wrong
        // header: as on api/assess and api/registers, the missing length is what the caller must fix.
        const string org = "pecan-creek";
        await using var withKeys = await Serve.StartAsync(keysFile: TestKeys.File(org));
        using var officer = TestKeys.OfficerClient(withKeys);
        (HttpMethod Method, string Path, string What)[] writes =
        [
            (HttpMethod.Put, $"/api/orgs/{org}/profile", "profile"),
            (HttpMethod.Put, $"/api/orgs/{org}/treatments", "treatments"),
            (HttpMethod.Put, $"/api/orgs/{org}/subscription", "subscription"),
            (HttpMethod.Post, $"/api/orgs/{org}/rosters", "roster"),
        ];
        foreach (var (method, path, what) in writes)
        {
            using var response = await officer.SendAsync(new HttpRequestMessage(method, path), TestContext.Current.CancellationToken);
            await AssertProblem(response, HttpStatusCode.LengthRequired, "Length required");
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal($"The request carried no {what}. Send the file as the request body with a Content-Length header: a chunked upload arrives empty through Azure Functions.",
                problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task RosterTemplate_answers_the_template_workbook()
    {
        var response = await Client.GetAsync("/api/template", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("roster-template.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        var sheets = Workbooks.SheetNames(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Contains("How to fill", sheets);
    }

    [Fact]
    public async Task Catalog_answers_the_embedded_catalog_byte_for_byte()
    {
        var response = await Client.GetAsync("/api/catalog", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(DefaultCatalog.GetBytes(), await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OpenApi_documents_the_public_api_with_its_error_answers_and_nothing_else()
    {
        var response = await Client.GetAsync("/api/openapi.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["/api/assess", "/api/catalog", "/api/orgs/{org}", "/api/orgs/{org}/assessments", "/api/orgs/{org}/assessments/{name}",
            "/api/orgs/{org}/assessments/{name}/register", "/api/orgs/{org}/profile", "/api/orgs/{org}/rosters", "/api/orgs/{org}/subscription", "/api/orgs/{org}/treatments", "/api/registers", "/api/template"], paths);

        var assess = document.GetProperty("paths").GetProperty("/api/assess").GetProperty("post");
        var statuses = assess.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        Assert.Superset(new HashSet<string> { "200", "400", "408", "411", "413", "415", "422" }, statuses.ToHashSet());
        var parameters = assess.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "format", "orgType", "jurisdiction", "asOf", "without" }, parameters.ToHashSet());
        // Read as text so that a bad value gets a problem naming it, and still described as what it takes.
        Assert.Equal("boolean", assess.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "pseudonymize").GetProperty("schema").GetProperty("type").GetString());
        // Exactly the types the function reads as a roster, and no more: any other is a 415.
        Assert.Equal(AssessFunction.RosterMediaTypes.Order(), assess.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name).Order());
        var registers = document.GetProperty("paths").GetProperty("/api/registers").GetProperty("post");
        Assert.Equal(["application/json"], registers.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name));

        // The request header serve asks of every change (ServeGuard) is a parameter of every operation but a read, so a
        // client made from the document sends it.
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                var header = operation.Value.TryGetProperty("parameters", out var declared)
                    ? declared.EnumerateArray().SingleOrDefault(p => p.GetProperty("name").GetString() == Functions.Runtime.ServeGuard.RequestHeader)
                    : default;
                if (operation.Name is "get" or "head")
                    Assert.True(header.ValueKind == JsonValueKind.Undefined, $"{operation.Name} {path.Name} declares the request header");
                else
                {
                    Assert.True(header.ValueKind == JsonValueKind.Object, $"{operation.Name} {path.Name} does not declare the request header");
                    Assert.Equal("header", header.GetProperty("in").GetString());
                    Assert.True(header.GetProperty("required").GetBoolean());
                }
            }

        // Each answer's content types, as the functions send them: a client tells a JSON answer from a workbook.
        string[] SuccessTypes(string path, string method) => [.. document.GetProperty("paths").GetProperty(path).GetProperty(method)
            .GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal)];
        Assert.Equal(["application/json", XlsxType], SuccessTypes("/api/assess", "post"));
        Assert.Equal(["application/json", XlsxType], SuccessTypes("/api/registers", "post"));
        Assert.Equal(["application/json"], SuccessTypes("/api/catalog", "get"));
        Assert.Equal([XlsxType], SuccessTypes("/api/template", "get"));

        // An organization's routes need serve's key: the document declares it, and only there.
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty(OpenApiFunction.KeyScheme);
        Assert.Equal(("apiKey", "header", Functions.Runtime.ServeKeys.Header), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                var keyed = operation.Value.TryGetProperty("security", out var security)
                    && security.EnumerateArray().Any(requirement => requirement.TryGetProperty(OpenApiFunction.KeyScheme, out _));
                Assert.True(keyed == path.Name.StartsWith("/api/orgs/", StringComparison.Ordinal), $"{operation.Name} {path.Name}: key declared {keyed}");
            }

        // serve's own refusal of a POST without its request header (ServeGuard), which the caller meets before the function.
        (string Path, JsonElement Operation)[] guarded = [("/api/assess", assess), ("/api/registers", registers)];
        foreach (var (path, operation) in guarded)
        {
            Assert.True(operation.GetProperty("responses").TryGetProperty("403", out var forbidden), $"{path} declares no 403");
            Assert.True(forbidden.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{path}'s 403 is not a problem");
            using var unguarded = new HttpClient { BaseAddress = Client.BaseAddress };
            using var refused = await unguarded.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            await AssertProblem(refused, HttpStatusCode.Forbidden, Functions.Runtime.ServeGuard.RequestHeader);
        }
    }

    [Fact]
    public async Task Web_serves_the_page_and_its_assets_under_a_strict_content_security_policy()
    {
        var page = await Client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("http://", html.Replace("http://127.0.0.1", ""));
        Assert.DoesNotContain("https://", html);

        var css = await Client.GetAsync("/assets/site.css", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/assets/missing.js", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/assets/../host.json", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/nothing-here")]
    [InlineData("GET", "/api/assess")]
    [InlineData("DELETE", "/api/catalog")]
    [InlineData("POST", "/Assess")]
    [InlineData("POST", "/Catalog")]
    public async Task Paths_and_methods_no_function_declares_are_404(string method, string path)
    {
        var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("//{0}/page.html")]
    [InlineData("//user@{0}/page.html")]
    [InlineData("//{0}")]
    [InlineData("//")]
    [InlineData("///page.html")]
    public async Task A_path_that_starts_with_two_slashes_is_a_404_and_reaches_no_other_host(string pathShape)
    {
        // A page elsewhere that would answer anything serve sent it.
        using var elsewhere = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        elsewhere.Start();
        var path = string.Format(CultureInfo.InvariantCulture, pathShape, $"127.0.0.1:{((IPEndPoint)elsewhere.LocalEndpoint).Port}");
        // Written out whole: HttpClient would itself read a relative //host/page as another host.
        var address = new Uri(Client.BaseAddress!.GetLeftPart(UriPartial.Authority) + path);
        Assert.Equal(path, address.PathAndQuery);

        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Add("X-ComplianceRisk-Key", "a-key-that-must-not-travel");
        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(elsewhere.Pending(), $"serve sent {path} to another host");
    }

    internal static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string mentioned)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        Assert.Contains(mentioned, problem.GetProperty("title").GetString() + " " + detail);
    }

    private static string AllText(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        var builder = new StringBuilder();
        foreach (var part in document.WorkbookPart!.GetPartsOfType<WorksheetPart>())
            builder.Append(part.Worksheet.InnerText);
        if (document.WorkbookPart.SharedStringTablePart is { } strings) builder.Append(strings.SharedStringTable.InnerText);
        return builder.ToString();
    }
}
