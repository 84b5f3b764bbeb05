using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>Issue 19, item 3: the server applies the name rules to new accounts and groups, on a real socket (REGISTER and GROUP_REQUEST sent raw, past any client check).</summary>
public sealed class NameRulesTests
{
    [Theory]
    [InlineData("ali\u200Bce")] // zero width space
    [InlineData("evil\u202Eexe.txt")] // right-to-left override
    [InlineData("a\u2066b")] // left-to-right isolate
    [InlineData("bob\u00ADby")] // soft hyphen
    [InlineData("\u3164")] // Hangul filler: an invisible letter
    [InlineData("e\u0301ve")] // decomposed: not NFC
    public async Task A_name_with_an_invisible_or_bidi_character_or_not_in_NFC_is_refused_at_REGISTER(string name)
    {
        await using var server = ChatTestServer.Start();
        using var peer = new ChatTestPeer(server.Endpoint, name);

        Assert.Equal(ChatErrorCode.BadUserName, await peer.RegisterAsync("pw"));
        Assert.Null(server.Store.FindUser(name));
        Assert.True(server.Counters.Get(ChatEvents.RegisterRefused) >= 1); // once per REGISTER the client (re)sent
    }

    [Theory]
    [InlineData("Alice")]
    [InlineData("ALICE")]
    [InlineData("ａｌｉｃｅ")] // fullwidth
    public async Task A_name_that_differs_only_in_case_or_compatibility_form_is_taken(string lookalike)
    {
        await using var server = ChatTestServer.Start();
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        using var other = new ChatTestPeer(server.Endpoint, lookalike);
        Assert.Null(await alice.RegisterAsync("pw"));

        Assert.Equal(ChatErrorCode.UserExists, await other.RegisterAsync("pw2"));
        Assert.Null(server.Store.FindUser(lookalike));
        Assert.Null(await alice.LoginAsync("pw"));
    }

    [Fact]
    public async Task Group_names_follow_the_same_rules_at_create_and_rename()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await GroupRelayTests.LoggedIn(server, "alice");

        Assert.Equal(ChatErrorCode.BadGroupName, (await Create(alice, "team\u200D")).Status);
        Assert.Equal(ChatErrorCode.BadGroupName, (await Create(alice, "\u202Emaet")).Status);
        Assert.Equal(ChatErrorCode.None, (await Create(alice, "Team")).Status);
        Assert.Equal(ChatErrorCode.GroupExists, (await Create(alice, "team")).Status);
        Assert.Equal(ChatErrorCode.None, (await Create(alice, "hikers")).Status);

        Assert.Equal(ChatErrorCode.GroupExists, (await Rename(alice, "hikers", "TEAM")).Status);
        Assert.Equal(ChatErrorCode.BadGroupName, (await Rename(alice, "hikers", "hi\u2060kers")).Status);
        Assert.Equal(ChatErrorCode.None, (await Rename(alice, "Team", "team")).Status); // its own key: a change of case only
        Assert.Equal(["hikers", "team"], server.Store.GroupsOf("alice").Select(g => g.Name).Order(StringComparer.Ordinal));
    }

    private static Task<GroupResultBody> Create(ChatTestPeer peer, string group) =>
        GroupRelayTests.RequestAsync(peer, new GroupRequestBody(Guid.NewGuid(), GroupOperation.Create, group));

    private static Task<GroupResultBody> Rename(ChatTestPeer peer, string group, string newName) =>
        GroupRelayTests.RequestAsync(peer, new GroupRequestBody(Guid.NewGuid(), GroupOperation.Rename, group, NewName: newName));
}
