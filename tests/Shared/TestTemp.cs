namespace ComplianceRisk.Tests;

/// <summary>
/// Temporary folders for tests. They all live in one folder of this test process, deleted when the process exits, so a
/// test run leaves nothing behind in the system's temporary folder, whichever test made what and whether it passed.
/// </summary>
internal static class TestTemp
{
    private static readonly string Root = CreateRoot();

    /// <summary>A new empty folder whose name starts with <paramref name="prefix"/>, to find a test's files while the run lasts.</summary>
    public static string Folder(string prefix) =>
        Directory.CreateDirectory(Path.Combine(Root, prefix + Guid.NewGuid().ToString("N")[..12])).FullName;

    private static string CreateRoot()
    {
        var root = Directory.CreateTempSubdirectory($"compliancerisk-tests-{Environment.ProcessId}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Best effort: a file still held by a child process is not worth failing the run for.
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return root;
    }
}
