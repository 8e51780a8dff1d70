using System.Globalization;
using System.Text.Json;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Runtime.Storage;
using NCrontab;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// Timer triggers from the six-field cron expressions of function.json (seconds first, as the host's TimerTrigger reads
/// them), in UTC. Like the host's schedule monitor (the WebJobs extension's StorageScheduleMonitor, which keeps a status
/// blob under <c>azure-webjobs-hosts/timers/</c>), serve keeps each function's last and next occurrence in a blob, so an
/// occurrence missed while serve was down runs once at start with <c>IsPastDue</c> true. A failed run is not retried,
/// as in the host.
/// </summary>
public sealed class TimerTriggers(FunctionApp app, LocalStorage storage, EnvelopeInvoker invoker, ServeOptions options, ILogger logger)
{
    public IEnumerable<FunctionDefinition> Functions => app.Functions.Where(f => StorageBindings.Is(f.Trigger!.Type, BindingTypes.TimerTrigger));

    /// <summary>A function's schedule; an error naming the function when function.json's is not a six-field cron expression.</summary>
    public static CrontabSchedule Schedule(FunctionDefinition function)
    {
        var expression = StorageBindings.Text(function.Trigger!, "schedule")
            ?? throw new BindingException($"{function.Name}: a timer trigger needs \"schedule\"");
        if (expression.Length > 2 && expression[0] == '%' && expression[^1] == '%')
            expression = Environment.GetEnvironmentVariable(expression[1..^1])
                ?? throw new BindingException($"{function.Name}: the schedule names the app setting {expression}, which is not set");
        return CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new BindingException($"{function.Name}: schedule '{expression}' is not a six-field cron expression (second minute hour day month day-of-week)");
    }

    public async Task RunAsync(FunctionDefinition function, CancellationToken stopping)
    {
        try
        {
            await RunUntilStoppedAsync(function, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping may cut short the status blob's read or write as well as the wait: either way the timer is done.
        }
    }

    private async Task RunUntilStoppedAsync(FunctionDefinition function, CancellationToken stopping)
    {
        var schedule = Schedule(function);
        var status = await ReadStatusAsync(function, stopping);
        var now = options.Clock.GetUtcNow().UtcDateTime;
        if (status is { } known && known.Next <= now)
        {
            // The host's TimerListener passes the status it kept: Next is the occurrence the run stands for, here the missed one.
            await InvokeAsync(function, isPastDue: true, known.Last, known.Next, stopping);
            status = known with { Last = known.Next };
        }
        else if (function.Trigger!.Raw["runOnStartup"] is { } startup && startup.GetValueKind() == JsonValueKind.True)
            await InvokeAsync(function, isPastDue: false, status?.Last, schedule.GetNextOccurrence(now), stopping);

        while (!stopping.IsCancellationRequested)
        {
            now = options.Clock.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            await WriteStatusAsync(function, new TimerStatus(status?.Last, next, now), stopping);
            await Task.Delay(next - now, options.Clock, stopping);
            await InvokeAsync(function, isPastDue: false, status?.Last, next, stopping);
            status = new TimerStatus(next, schedule.GetNextOccurrence(next), options.Clock.GetUtcNow().UtcDateTime);
        }
    }

    /// <summary>
    /// One run. Data holds the timer's value as the host gives it (TimerInfo: Schedule, ScheduleStatus, IsPastDue);
    /// Metadata only sys. Null when it failed.
    /// </summary>
    public async Task<InvocationResponse?> InvokeAsync(FunctionDefinition function, bool isPastDue, DateTime? last, DateTime? next, CancellationToken cancellationToken)
    {
        var now = options.Clock.GetUtcNow().UtcDateTime;
        var timer = JsonSerializer.SerializeToElement(new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = new { Last = Stamp(last ?? DateTime.MinValue), Next = Stamp(next ?? now), LastUpdated = Stamp(now) },
            IsPastDue = isPastDue,
        });
        var metadata = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase) { ["sys"] = invoker.Sys(function.Name) };
        var answer = await invoker.InvokeAsync(function, function.Trigger!.Name, timer, new Dictionary<string, string>(), metadata, cancellationToken);
        if (answer is null) logger.LogError("{Function}: the timer's run failed; it is not retried (the next occurrence runs as usual)", function.Name);
        return answer;
    }

    private sealed record TimerStatus(DateTime? Last, DateTime Next, DateTime LastUpdated);

    private static string StatusPath(FunctionDefinition function) => $"azure-webjobs-hosts/timers/serve/{function.Name}/status";

    private async Task<TimerStatus?> ReadStatusAsync(FunctionDefinition function, CancellationToken cancellationToken)
    {
        var bytes = await storage.Blobs.ReadAsync(StatusPath(function), cancellationToken);
        try
        {
            return bytes is null ? null : JsonSerializer.Deserialize<TimerStatus>(bytes);
        }
        catch (JsonException)
        {
            return null; // an unreadable status is a first start
        }
    }

    private Task WriteStatusAsync(FunctionDefinition function, TimerStatus status, CancellationToken cancellationToken) =>
        storage.Blobs.WriteAsync(StatusPath(function), JsonSerializer.SerializeToUtf8Bytes(status), cancellationToken);

    private static string Stamp(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
}
