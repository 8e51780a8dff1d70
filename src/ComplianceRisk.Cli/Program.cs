using ComplianceRisk.Cli;

return await new CliApp(Console.Out, Console.Error, TimeProvider.System, interactive: !Console.IsErrorRedirected)
    .RunAsync(args);
