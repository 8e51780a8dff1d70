using ComplianceRisk.Functions.Handler;

// Started by the Azure Functions host (host.json customHandler.description.defaultExecutablePath).
HandlerSettings settings;
try
{
    settings = HandlerSettings.FromEnvironment(Environment.GetEnvironmentVariable);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
await HandlerApp.Build(settings).RunAsync();
return 0;
