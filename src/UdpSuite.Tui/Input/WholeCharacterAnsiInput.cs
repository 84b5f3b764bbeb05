using System.Runtime.InteropServices;
using Terminal.Gui.Drivers;

namespace UdpSuite.Tui.Input;

/// <summary>
/// Terminal.Gui's ANSI input (raw mode, polling, test injection all inherited) with its Unix read replaced: the bytes go
/// through a <see cref="TerminalInputDecoder"/> that keeps a UTF-8 character cut by a read boundary for the next read,
/// instead of decoding every read on its own. Windows keeps the library's reading (its console API hands over whole
/// characters).
/// </summary>
internal sealed partial class WholeCharacterAnsiInput : AnsiInput
{
    private const int StandardInput = 0;
    private readonly TerminalInputDecoder _decoder = new();
    private readonly byte[] _buffer = new byte[4096];

    public override IEnumerable<char> Read()
    {
        if (OperatingSystem.IsWindows())
        {
            foreach (char c in base.Read())
            {
                yield return c;
            }

            yield break;
        }

        // Peek polls standard input (it is false when the process has no terminal, as in the library's Read).
        while (Peek())
        {
            nint read = ReadBytes(StandardInput, _buffer, (nuint)_buffer.Length);
            if (read <= 0)
            {
                yield break; // end of input or an error: the library's loop polls again later
            }

            foreach (char c in _decoder.Decode(_buffer.AsSpan(0, (int)read)))
            {
                yield return c;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadBytes(int fileDescriptor, [Out] byte[] buffer, nuint count);
}
