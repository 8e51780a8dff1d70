// The emptiest custom handler: listens where the Functions host says and answers POST /api/assess with 200.
var port = int.Parse(Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") ?? throw new InvalidOperationException("FUNCTIONS_CUSTOMHANDLER_PORT is not set"), System.Globalization.CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
var app = builder.Build();
app.MapPost("/api/assess", () => Results.Ok());
app.Run();
