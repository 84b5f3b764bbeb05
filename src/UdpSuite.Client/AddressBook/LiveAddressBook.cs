using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace UdpSuite.Client.AddressBook;

/// <summary>
/// A <c>contacts.json</c> read through Microsoft.Extensions.Configuration.Json and re-read when it changes on disk.
/// <see cref="Current"/> is always the last copy that read cleanly; when the file breaks, <see cref="Error"/> names the
/// file and the problem and <see cref="Current"/> stays as it was. <see cref="Changed"/> fires (on a thread-pool
/// thread) after every reload, good or bad.
/// </summary>
public sealed class LiveAddressBook : IDisposable
{
    private readonly Lock _gate = new();
    private readonly PhysicalFileProvider? _files;
    private readonly IConfigurationRoot? _configuration;
    private readonly IDisposable? _reloadRegistration;
    private Exception? _loadFailure;

    private LiveAddressBook(string path, bool watch)
    {
        Path = path;
        Current = AddressBookDocument.Empty(path);
        string? directory = System.IO.Path.GetDirectoryName(path);
        if (directory is null || !Directory.Exists(directory))
        {
            Error = $"{path}: the directory does not exist";
            return;
        }

        _files = new PhysicalFileProvider(directory);
        _configuration = new ConfigurationBuilder()
            .AddJsonFile(source =>
            {
                source.FileProvider = _files;
                source.Path = System.IO.Path.GetFileName(path);
                source.Optional = false;
                source.ReloadOnChange = watch;
                source.ReloadDelay = 100;

                // A broken file must not take the client down: remember why and keep the last good copy.
                source.OnLoadException = context =>
                {
                    _loadFailure = context.Exception;
                    context.Ignore = true;
                };
            })
            .Build();
        Refresh(raise: false);
        if (watch)
        {
            _reloadRegistration = ChangeToken.OnChange(_configuration.GetReloadToken, () => Refresh(raise: true));
        }
    }

    /// <summary>The file this book reads.</summary>
    public string Path { get; }

    /// <summary>The last copy that read cleanly (empty when none ever did).</summary>
    public AddressBookDocument Current { get; private set; }

    /// <summary>What is wrong with the file as it is now (names the file), or null when it read cleanly.</summary>
    public string? Error { get; private set; }

    /// <summary>Raised after each reload.</summary>
    public event EventHandler? Changed;

    /// <summary>Opens <paramref name="path"/>; with <paramref name="watch"/> it reloads by itself when the file changes.</summary>
    public static LiveAddressBook Open(string path, bool watch = true) => new(System.IO.Path.GetFullPath(path), watch);

    /// <summary>Re-reads the file now (what the file watcher does on a change).</summary>
    public void Reload()
    {
        if (_configuration is null)
        {
            return;
        }

        lock (_gate)
        {
            _loadFailure = null;
            _configuration.Reload();
        }

        Refresh(raise: true);
    }

    public void Dispose()
    {
        _reloadRegistration?.Dispose();
        (_configuration as IDisposable)?.Dispose();
        _files?.Dispose();
    }

    private void Refresh(bool raise)
    {
        lock (_gate)
        {
            if (_loadFailure is not null)
            {
                Error = $"{Path}: {Describe(_loadFailure)}";
                _loadFailure = null;
            }
            else
            {
                AddressBookReadResult result = AddressBookParser.Parse(_configuration!, Path);
                if (result.Document is not null)
                {
                    Current = result.Document;
                }

                Error = result.Error;
            }
        }

        if (raise)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>The innermost message is the useful one (the JSON reader's line and position), not "failed to load".</summary>
    private static string Describe(Exception exception)
    {
        if (exception is FileNotFoundException)
        {
            return "file not found";
        }

        Exception inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner is FileNotFoundException ? "file not found" : $"invalid JSON: {inner.Message}";
    }
}
