using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ComplianceRisk.Bench;

/// <summary>
/// One cold start of a custom handler, as the Functions host sees it: the seconds from starting the program (with
/// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set to a free loopback port) to the end of its first 200 answer to
/// <c>POST /api/assess?asOf=2026-11-22</c> with a roster as the body (printed with the response's length and the
/// seconds until the program first accepted a connection). The request is written on a raw socket, so the
/// measuring process JITs almost nothing of its own inside the measurement; the program's output is read and dropped,
/// as the host reads it.
/// </summary>
internal static class ColdStart
{
    public static int Measure(string program, string rosterPath)
    {
        var body = File.ReadAllBytes(rosterPath);
        var port = FreePort();
        var request = Encoding.ASCII.GetBytes(
            $"POST /api/assess?asOf=2026-11-22 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/csv\r\n" +
            $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n").Concat(body).ToArray();
        var response = new byte[64 * 1024];
        var start = new ProcessStartInfo(Path.GetFullPath(program))
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(program)),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"{program} exited with code {process.ExitCode} before answering");
                if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"{program} did not answer within 60 s");
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Connect(IPAddress.Loopback, port);
                }
                catch (SocketException)
                {
                    Thread.Sleep(1); // not listening yet
                    continue;
                }
                var listening = clock.Elapsed.TotalSeconds;
                socket.Send(request);
                int length = 0, read;
                while ((read = socket.Receive(response, length, response.Length - length, SocketFlags.None)) > 0)
                {
                    length += read;
                    if (length == response.Length) Array.Resize(ref response, response.Length * 2);
                }
                var elapsed = clock.Elapsed.TotalSeconds;
                var status = Encoding.ASCII.GetString(response, 0, Math.Min(length, 64)).Split("\r\n")[0];
                if (!status.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
                    throw new InvalidOperationException($"{program} answered '{status}'");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{elapsed:0.000} {length} {listening:0.000}"));
                return 0;
            }
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
