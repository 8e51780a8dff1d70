using System.CommandLine;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Runtime;
using Microsoft.Extensions.Logging;

namespace ComplianceRisk.Cli.Commands;

/// <summary><c>serve</c>: run the Functions app on this machine, from the same host.json and function.json files Azure reads.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "Folder for the app's stored data (blobs, tables, queues). Default: ./data." };
        var urls = new Option<string?>("--urls") { Description = $"Addresses to listen on, separated by ';'. Default: {ServeOptions.DefaultUrl} (loopback only)." };
        var keys = new Option<FileInfo?>("--keys") { Description = "API keys file: a JSON array of {name, key, org, role}; each key reaches its organization with its role (header X-ComplianceRisk-Key), and a key with role Admin and no org opens the admin endpoint (/admin/functions/{name}) and no organization. Without it neither an organization's data nor the admin endpoint is reachable." };
        var outbox = new Option<DirectoryInfo?>("--outbox") { Description = "Folder where mail the functions send (SendGrid output bindings) is written as .eml files instead of being sent. Default: outbox in the --data folder." };
        var appRoot = new Option<DirectoryInfo?>("--app") { Description = "The function app folder (host.json and one folder per function). Default: the one shipped beside this program." };
        var command = new Command("serve", "Run the Azure Functions app locally: the page, the HTTP API and the functions, routed exactly as the Functions host routes them.")
        {
            data, urls, appRoot, keys, outbox,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var listen = (parse.GetValue(urls) ?? ServeOptions.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var url in listen)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
                    throw CliException.Usage($"--urls: '{url}' is not an http:// address such as {ServeOptions.DefaultUrl}");
                if (!uri.IsLoopback)
                    context.Stderr.WriteLine($"warning: {url} is not a loopback address; other machines can reach this server and its data.");
            }
            var options = new ServeOptions
            {
                Urls = listen,
                DataDirectory = Inputs.Folder(parse.GetValue(data), "--data") ?? Path.GetFullPath("data"),
                OutboxDirectory = Inputs.Folder(parse.GetValue(outbox), "--outbox"),
                AppRoot = parse.GetValue(appRoot)?.FullName ?? AppContext.BaseDirectory,
                KeysFile = parse.GetValue(keys)?.FullName,
                Clock = context.Clock,
                // One line per request, as `func start` prints, so a person sees what the app is doing.
                LogLevel = LogLevel.Information,
            };
            string sender;
            TimeSpan erasureSettle;
            try
            {
                // The same app settings as on Azure, from serve's environment.
                sender = HandlerSettings.ReadReportSender(context.Environment);
                erasureSettle = HandlerSettings.ReadErasureSettle(context.Environment);
            }
            catch (InvalidOperationException e)
            {
                throw CliException.Usage(e.Message);
            }
            var pseudonymKey = Inputs.PseudonymKey(context);
            LocalHost host;
            try
            {
                host = await LocalHost.StartAsync(options, new HandlerSettings { Clock = context.Clock, ReportSender = sender, PseudonymKey = pseudonymKey, ErasureSettle = erasureSettle }, cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is FunctionAppException or InvalidDataException)
            {
                throw CliException.Rejected(e.Message);
            }
            // A port in use comes as an IOException; an address this machine does not have ("Cannot assign requested
            // address") as the socket's own exception.
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                throw CliException.Rejected($"cannot listen on {string.Join(", ", listen)}: {e.Message}");
            }
            await using (host)
            {
                var address = host.Addresses[0].ToString().TrimEnd('/');
                context.Stdout.WriteLine($"ComplianceRisk is running at {address}/ (data in {options.DataDirectory}, mail in {host.Outbox}). Press Ctrl+C to stop.");
                context.Stdout.WriteLine("Functions:");
                foreach (var function in host.App.Functions)
                {
                    var trigger = function.HttpTrigger;
                    var route = function.RouteTemplate(host.App.Host);
                    context.Stdout.WriteLine(trigger is null
                        ? $"  {function.Name}: {function.Trigger?.Type} {function.Trigger?.Path ?? function.Trigger?.Raw["queueName"]?.ToString()}".TrimEnd()
                        : $"  {function.Name}: [{string.Join(",", trigger.Methods).ToUpperInvariant()}] {address}/{route}");
                }
                await context.Stdout.FlushAsync(cancellationToken);
                await host.WaitAsync(cancellationToken);
            }
            return ExitCodes.Done;
        });
        return command;
    }
}
