using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Presence;

namespace UdpSuite.Server.Tests.Chat;

public sealed class PresenceTrackerTests
{
    private static readonly Duration AwayAfter = Duration.FromMinutes(5);
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 11, 24, 9, 0));
    private readonly PresenceTracker _tracker = new(AwayAfter);

    private Instant Now => _clock.GetCurrentInstant();

    private List<PresenceInfo> Idle()
    {
        var changes = new List<PresenceInfo>();
        _tracker.CollectIdle(Now, changes);
        return changes;
    }

    [Fact]
    public void Online_at_login_away_after_the_idle_period_offline_when_the_session_ends_and_online_again_at_the_next_login()
    {
        PresenceInfo before = _tracker.Current("alice", Now);
        Assert.Equal(PresenceState.Offline, before.State);

        Assert.True(_tracker.SessionStarted("alice", Now, out PresenceInfo online));
        Assert.Equal((PresenceState.Online, Now), (online.State, online.Since));

        _clock.Advance(AwayAfter - Duration.FromSeconds(1));
        Assert.Empty(Idle());
        _clock.Advance(Duration.FromSeconds(1));
        PresenceInfo away = Assert.Single(Idle());
        Assert.Equal(PresenceState.Away, away.State);
        Assert.Empty(Idle()); // reported once

        _clock.Advance(Duration.FromSeconds(60));
        Assert.True(_tracker.SessionEnded("alice", Now, out PresenceInfo offline));
        Assert.Equal(PresenceState.Offline, offline.State);
        Assert.False(_tracker.SessionEnded("alice", Now, out _)); // once

        _clock.Advance(Duration.FromHours(1));
        Assert.Empty(Idle()); // an offline user does not go away
        Assert.True(_tracker.SessionStarted("alice", Now, out PresenceInfo back));
        Assert.Equal(PresenceState.Online, back.State);

        ulong[] versions = [before.Version, online.Version, away.Version, offline.Version, back.Version];
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Length, versions.Distinct().Count());
        Assert.Equal(back, _tracker.Current("alice", Now));
    }

    [Fact]
    public void User_activity_brings_an_idle_user_back_and_keeps_an_active_one_online()
    {
        _tracker.SessionStarted("bob", Now, out _);
        _clock.Advance(Duration.FromMinutes(4));
        Assert.False(_tracker.Activity("bob", Now, out _)); // still online: no change to publish
        _clock.Advance(Duration.FromMinutes(4));
        Assert.Empty(Idle()); // 4 minutes since the activity

        _clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(PresenceState.Away, Assert.Single(Idle()).State);
        Assert.True(_tracker.Activity("bob", Now, out PresenceInfo online));
        Assert.Equal(PresenceState.Online, online.State);
        Assert.False(_tracker.Activity("nobody", Now, out _));
    }

    [Fact]
    public void A_chosen_state_and_status_stick_to_the_account_across_logins_and_offline_hides_the_status()
    {
        _tracker.SessionStarted("carol", Now, out _);
        Assert.True(_tracker.Choose("carol", PresenceState.Away, "午饭", Now, out PresenceInfo away));
        Assert.Equal((PresenceState.Away, "午饭"), (away.State, away.Status));
        Assert.False(_tracker.Choose("carol", PresenceState.Away, "午饭", Now, out _)); // same again: nothing to push

        _tracker.SessionEnded("carol", Now, out PresenceInfo offline);
        Assert.Equal((PresenceState.Offline, string.Empty), (offline.State, offline.Status));
        _clock.Advance(Duration.FromMinutes(1));
        _tracker.SessionStarted("carol", Now, out PresenceInfo again);
        Assert.Equal((PresenceState.Away, "午饭"), (again.State, again.Status));

        Assert.True(_tracker.Choose("carol", PresenceState.Offline, "secret", Now, out PresenceInfo invisible));
        Assert.Equal((PresenceState.Offline, string.Empty), (invisible.State, invisible.Status));
        _clock.Advance(Duration.FromHours(1));
        Assert.Empty(Idle());

        Assert.True(_tracker.Choose("carol", PresenceState.Online, "back", Now, out PresenceInfo online));
        Assert.Equal((PresenceState.Online, "back"), (online.State, online.Status));
    }

    [Fact]
    public void Versions_keep_growing_across_a_server_restart_so_watchers_never_take_new_news_for_stale()
    {
        _tracker.SessionStarted("dave", Now, out _);
        _tracker.Choose("dave", PresenceState.Away, "x", Now, out _);
        _tracker.Choose("dave", PresenceState.Online, "y", Now, out PresenceInfo last); // several changes within one millisecond

        _clock.Advance(Duration.FromSeconds(5));
        var restarted = new PresenceTracker(AwayAfter);
        PresenceInfo unknown = restarted.Current("dave", Now);
        Assert.Equal(PresenceState.Offline, unknown.State);
        Assert.True(unknown.Version > last.Version);
        Assert.True(restarted.SessionStarted("dave", Now, out PresenceInfo online));
        Assert.True(online.Version > unknown.Version);
    }
}
