namespace UdpSuite.Client.Tests.AddressBook;

/// <summary>A contacts.json in its own temporary directory, deleted on dispose.</summary>
internal sealed class TempContactsFile : IDisposable
{
    public TempContactsFile(string json)
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "udpsuite-contacts-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "contacts.json");
        Write(json);
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>The shipped sample at the repository root (copied next to the tests).</summary>
    public static string SampleJson => File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "contacts.json"));

    public void Write(string json) => File.WriteAllText(Path, json);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the directory for a moment; the temp folder is cleaned eventually.
        }
    }
}
