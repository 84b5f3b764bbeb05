using NodaTime;
using UdpSuite.Server.Chat.Sessions.Devices;

namespace UdpSuite.Server.Tests.Chat.Sessions;

public sealed class SessionRosterTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 12, 2, 12, 0);

    private sealed record Session(ulong Id, string User, bool Transient, Instant LastActivity) : IRosterSession;

    private static Session Receiving(ulong id, string user = "bob", int activeAtSecond = 0) => new(id, user, false, Start + Duration.FromSeconds(activeAtSecond));

    private static Session OneShot(ulong id, string user = "bob", int activeAtSecond = 0) => new(id, user, true, Start + Duration.FromSeconds(activeAtSecond));

    [Fact]
    public void A_user_holds_several_sessions_and_a_new_login_ends_none_of_them()
    {
        var roster = new SessionRoster<Session>(maxPerUser: 16);
        var removed = new List<Session>();
        roster.Removed += removed.Add;
        Session tui = Receiving(1), listen = Receiving(2), send = OneShot(3), alice = Receiving(4, "alice");

        Assert.All(new[] { tui, listen, send, alice }, s => Assert.Equal(Admission.Admitted, roster.Admit(s)));

        Assert.Equal([tui, listen, send], roster.SessionsOf("bob"));
        Assert.Equal([tui, listen], roster.ReceivingSessionsOf("bob"));
        Assert.Empty(removed);
        Assert.Equal(4, roster.Count);
        Assert.True(roster.TryGet(3, out Session found) && ReferenceEquals(found, send));
    }

    [Fact]
    public void Only_the_end_of_the_last_receiving_session_takes_the_user_offline()
    {
        var roster = new SessionRoster<Session>(16);
        Session tui = Receiving(1), listen = Receiving(2), send = OneShot(3);
        roster.Admit(tui);
        roster.Admit(listen);
        roster.Admit(send);

        Assert.False(roster.Remove(send)); // a one-shot ending changes nothing others see
        Assert.False(roster.Remove(tui));
        Assert.True(roster.HasReceiving("bob"));
        Assert.True(roster.Remove(listen));
        Assert.False(roster.HasReceiving("bob"));
        Assert.False(roster.Remove(listen)); // gone already
        Assert.Empty(roster.SessionsOf("bob"));

        roster.Admit(OneShot(5));
        Assert.False(roster.HasReceiving("bob")); // only a transient session: offline to others
    }

    [Fact]
    public void At_the_cap_a_login_ends_the_least_recently_active_transient_session_and_never_a_receiving_one()
    {
        var roster = new SessionRoster<Session>(maxPerUser: 3);
        var removed = new List<Session>();
        roster.Removed += removed.Add;
        Session tui = Receiving(1, activeAtSecond: 0), older = OneShot(2, activeAtSecond: 5), newer = OneShot(3, activeAtSecond: 9);
        roster.Admit(tui);
        roster.Admit(older);
        roster.Admit(newer);

        Assert.Equal(Admission.AdmittedByEndingTransient, roster.Admit(Receiving(4)));
        Assert.Equal([older], removed);
        Assert.False(roster.IsCurrent(older));

        Assert.Equal(Admission.AdmittedByEndingTransient, roster.Admit(Receiving(5)));
        Assert.Equal([older, newer], removed);

        Assert.Equal(Admission.Refused, roster.Admit(OneShot(6)));
        Assert.Equal(Admission.Refused, roster.Admit(Receiving(7)));
        Assert.Equal([1UL, 4UL, 5UL], roster.SessionsOf("bob").Select(s => s.Id));
        Assert.Equal(Admission.Admitted, roster.Admit(Receiving(8, "alice"))); // the cap is per user
    }
}
