using System.Diagnostics;
using System.Globalization;
using SharpFuzz;
using UdpSuite.Fuzz.Support;
using UdpSuite.Fuzz.Targets;

// UdpSuite.Fuzz <target> <mode> [...]   (targets: timetext sntp rfc868 chat reassembly contacts ipmsg)
//   afl                      run under afl-fuzz (SharpFuzz persistent mode; instrument the UdpSuite assemblies first)
//   libfuzzer                run under libfuzzer-dotnet
//   run <file|dir>...        replay inputs; prints each failure; exit 1 when any input fails
//   random <seconds> [seed] [corpus-dir] [findings-dir]
//                            coverage-less mutation fuzzing from the seeds (and corpus), bounded in time
//   seeds <dir>              write the target's built-in seeds into <dir>
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: UdpSuite.Fuzz <" + string.Join('|', FuzzTargets.Names) + "> <afl|libfuzzer|run|random|seeds> [...]");
    return 2;
}

if (!FuzzTargets.Names.Contains(args[0]))
{
    Console.Error.WriteLine($"unknown fuzz target '{args[0]}' (expected one of {string.Join(", ", FuzzTargets.Names)})");
    return 2;
}

// Under AFL/libFuzzer the instrumented assemblies may run only once SharpFuzz has attached the coverage map,
// so the target is created inside the first callback.
IFuzzTarget? lazy = null;
switch (args[1])
{
    case "afl":
        Fuzzer.Run(stream =>
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            (lazy ??= FuzzTargets.Create(args[0])).Run(copy.GetBuffer().AsSpan(0, (int)copy.Length));
        });
        return 0;
    case "libfuzzer":
        Fuzzer.LibFuzzer.Run(span => (lazy ??= FuzzTargets.Create(args[0])).Run(span));
        return 0;
}

IFuzzTarget target = FuzzTargets.Create(args[0]);
switch (args[1])
{
    case "run":
        return Replay(target, args.Skip(2));
    case "random":
        return RandomRun(target, args.Skip(2).ToArray());
    case "seeds":
        Directory.CreateDirectory(args[2]);
        int n = 0;
        foreach (byte[] seed in target.Seeds())
        {
            File.WriteAllBytes(Path.Combine(args[2], $"seed-{n++:D3}"), seed);
        }

        Console.WriteLine($"{n} seeds written to {args[2]}");
        return 0;
    default:
        Console.Error.WriteLine($"unknown mode '{args[1]}'");
        return 2;
}

static int Replay(IFuzzTarget target, IEnumerable<string> paths)
{
    int runs = 0, failures = 0;
    foreach (string file in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]))
    {
        runs++;
        try
        {
            target.Run(File.ReadAllBytes(file));
        }
        catch (Exception ex)
        {
            failures++;
            Console.WriteLine($"FAIL {file}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    Console.WriteLine($"{target.Name}: {runs} inputs replayed, {failures} failed");
    return failures == 0 ? 0 : 1;
}

static int RandomRun(IFuzzTarget target, string[] options)
{
    double seconds = options.Length > 0 ? double.Parse(options[0], CultureInfo.InvariantCulture) : 60;
    int seed = options.Length > 1 ? int.Parse(options[1], CultureInfo.InvariantCulture) : Environment.TickCount;
    List<byte[]> pool = [.. target.Seeds()];
    if (options.Length > 2 && Directory.Exists(options[2]))
    {
        pool.AddRange(Directory.EnumerateFiles(options[2]).Select(File.ReadAllBytes));
    }

    string findings = options.Length > 3 ? options[3] : Path.Combine("fuzz-findings", target.Name);
    var mutator = new Mutator(seed);
    var clock = Stopwatch.StartNew();
    var unique = new HashSet<string>(StringComparer.Ordinal);
    long executions = 0, failures = 0;
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        byte[] input = mutator.Next(pool);
        executions++;
        try
        {
            target.Run(input);
        }
        catch (Exception ex)
        {
            failures++;
            string signature = $"{ex.GetType().Name}: {ex.Message}";
            if (unique.Add(signature))
            {
                Directory.CreateDirectory(findings);
                string file = Path.Combine(findings, $"crash-{unique.Count:D3}");
                File.WriteAllBytes(file, input);
                Console.WriteLine($"FINDING {file}: {signature}\n{ex.StackTrace}");
            }
        }

        if (pool.Count < 4096 && mutator.Random.Next(64) == 0)
        {
            pool.Add(input); // keep some mutants as parents, so mutations compound
        }
    }

    Console.WriteLine($"{target.Name}: seed {seed}, {executions} executions in {clock.Elapsed.TotalSeconds:F0} s ({executions / clock.Elapsed.TotalSeconds:F0}/s), {failures} failing inputs, {unique.Count} distinct findings");
    return unique.Count == 0 ? 0 : 1;
}
