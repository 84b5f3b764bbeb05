using System.Text;
using Terminal.Gui.App;
using UdpSuite.Tui.Input;

namespace UdpSuite.Tui.Tests.Input;

/// <summary>The client's reading of terminal bytes (README, "Terminal input workarounds").</summary>
public sealed class TerminalInputDecoderTests
{
    [Fact]
    public void A_character_cut_by_a_read_boundary_is_completed_by_the_next_read()
    {
        // 5,000 CJK characters with emoji, read in 256-byte pieces as Terminal.Gui 2.5.0 reads them: every boundary cuts one.
        string text = string.Concat(Enumerable.Repeat("一棵树武大郎🍞", 5000 / 6 + 1))[..5000];
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var decoder = new TerminalInputDecoder();
        var decoded = new StringBuilder();
        for (int offset = 0; offset < bytes.Length; offset += 256)
        {
            decoded.Append(decoder.Decode(bytes.AsSpan(offset, Math.Min(256, bytes.Length - offset))));
        }

        Assert.Equal(text, decoded.ToString());
        Assert.DoesNotContain('\uFFFD', decoded.ToString());

        // What the library's per-read decoding made of the same bytes.
        string perRead = string.Concat(bytes.Chunk(256).Select(chunk => Encoding.UTF8.GetString(chunk)));
        Assert.Contains('\uFFFD', perRead);
    }

    [Fact]
    public void ESC_CR_and_ESC_LF_become_Alt_Enter_and_the_rest_is_untouched()
    {
        var decoder = new TerminalInputDecoder();

        Assert.Equal($"第一行{TerminalInputDecoder.AltEnterSequence}second", decoder.Decode(Encoding.UTF8.GetBytes("第一行\u001b\rsecond")));
        Assert.Equal($"a{TerminalInputDecoder.AltEnterSequence}b", decoder.Decode(Encoding.UTF8.GetBytes("a\u001b\nb")));
        Assert.Equal("\u001b[A\r\n\u001b\u001b", decoder.Decode(Encoding.UTF8.GetBytes("\u001b[A\r\n\u001b\u001b")));
    }

    [Fact]
    public void The_workaround_finds_the_field_it_sets_in_this_Terminal_Gui()
    {
        // If a Terminal.Gui update renames it, the client falls back to the library's input: this test says so first.
        using IApplication app = Application.Create();
        Assert.NotNull(TerminalInputWorkaround.FactoryFieldOf(app));
    }
}
