using UdpSuite.Protocol.Chat;

namespace UdpSuite.Protocol.Tests.Chat;

/// <summary>
/// Regressions found by the reassembly fuzz target's model check (tests/UdpSuite.Fuzz/regressions/reassembly):
/// completed messages used to stay in the arrival queue forever (a per-session leak), and such a stale entry of a
/// reused message id made the reassembler evict the newest partial message instead of the oldest.
/// </summary>
public sealed class ReassemblerBoundsTests
{
    private static Guid Id(int n) => new(n, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]);

    [Fact]
    public void Completed_messages_leave_nothing_behind()
    {
        var reassembler = new Reassembler();
        for (int n = 0; n < 10_000; n++)
        {
            Assert.Null(reassembler.Add(Id(n), 0, 2, [1]));
            Assert.NotNull(reassembler.Add(Id(n), 1, 2, [2]));
        }

        Assert.Equal(0, reassembler.PartialCount);
        Assert.Equal(0, reassembler.ArrivalCount);
    }

    [Fact]
    public void A_message_id_reused_after_completion_does_not_make_the_newest_partial_the_victim()
    {
        var reassembler = new Reassembler();
        Assert.Null(reassembler.Add(Id(0), 0, 2, [0xA]));
        Assert.NotNull(reassembler.Add(Id(0), 1, 2, [0xB])); // id 0 completes
        for (int n = 1; n < Reassembler.MaxPartialMessages; n++)
        {
            Assert.Null(reassembler.Add(Id(n), 0, 2, [0xC])); // 31 partials, id 1 the oldest
        }

        Assert.Null(reassembler.Add(Id(0), 0, 2, [0xD])); // id 0 again: the newest partial, 32 in all
        Assert.Null(reassembler.Add(Id(99), 0, 2, [0xE])); // full: the oldest (id 1) must go

        Assert.Equal(Reassembler.MaxPartialMessages, reassembler.PartialCount);
        Assert.Equal(new byte[] { 0xD, 0xF }, reassembler.Add(Id(0), 1, 2, [0xF])); // id 0 was kept
        Assert.Null(reassembler.Add(Id(1), 1, 2, [0xF])); // id 1 was evicted: this fragment starts it anew
        Assert.Equal(reassembler.PartialCount, reassembler.ArrivalCount);
    }
}
