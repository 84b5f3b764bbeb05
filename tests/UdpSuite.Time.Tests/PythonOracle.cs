using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace UdpSuite.Time.Tests;

/// <summary>
/// Runs one python3 process over a whole batch of JSON-line cases (one process, not one per case: the
/// differential suites send tens of thousands). Python's time module is glibc's, on the host's zoneinfo.
/// </summary>
internal static class PythonOracle
{
    public static IReadOnlyList<JsonElement> Run(string scriptFileName, IEnumerable<object> cases, TimeSpan timeout)
    {
        string script = Path.Combine(AppContext.BaseDirectory, scriptFileName);
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-X");
        start.ArgumentList.Add("utf8");
        start.ArgumentList.Add(script);
        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment["PYTHONIOENCODING"] = "utf-8";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("python3 is required for the differential tests (apt-get install -y python3)", e);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            try
            {
                foreach (object c in cases)
                {
                    process.StandardInput.WriteLine(JsonSerializer.Serialize(c));
                }

                process.StandardInput.Close();
            }
            catch (IOException e)
            {
                process.WaitForExit(timeout);
                throw new InvalidOperationException($"python3 oracle {script} stopped reading: {stderr.Result}", e);
            }

            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"python3 oracle did not finish within {timeout}");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"python3 oracle failed ({process.ExitCode}): {stderr.Result}");
            }

            var results = new List<JsonElement>();
            foreach (string line in stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                results.Add(JsonDocument.Parse(line).RootElement.Clone());
            }

            return results;
        }
    }
}
