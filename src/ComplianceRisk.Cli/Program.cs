using ComplianceRisk.Cli;

// First, so that the compilations it saves start before anything else needs them.
JitProfile.Start(JitProfile.CommandName(args), Environment.GetEnvironmentVariable);
return await new CliApp(Console.Out, Console.Error, TimeProvider.System,
    stdoutIsTerminal: !Console.IsOutputRedirected, stderrIsTerminal: !Console.IsErrorRedirected)
    .RunAsync(args);
