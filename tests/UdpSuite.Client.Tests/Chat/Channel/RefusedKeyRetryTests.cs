using UdpSuite.Client.Chat;
using UdpSuite.Client.Security;
using UdpSuite.Protocol.Security;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Noise;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Client.Tests.Chat.Channel;

/// <summary>
/// <see cref="ChatClient.LoginAndStayAsync"/> while the server is down, against a server that comes back with a key the
/// pin refuses: no retry can fix that, so the retries stop and the refusal reaches <see cref="ChatClient.ConnectionChanged"/>
/// consumers through <see cref="ChatClient.ServerKeyRefusal"/>, with both fingerprints and the line to remove.
/// </summary>
public sealed class RefusedKeyRetryTests : IDisposable
{
    private const string Address = "chat.lan:8081";
    private static readonly Argon2idParameters Cheap = new(8, 1, 1);
    private readonly string _directory = Directory.CreateTempSubdirectory("udpsuite-refused-").FullName;

    private string PinsPath => Path.Combine(_directory, "known_servers");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task A_server_that_comes_back_with_another_key_stops_the_retries_and_is_reported_with_both_fingerprints()
    {
        using var previous = NoiseKeyPair.Generate();
        string pinned = ServerKeyFingerprint.Of(previous.PublicKey).ToString();
        await File.WriteAllTextAsync(PinsPath, $"{Address} {pinned}\n");
        await using var impostor = new LoginTestServer(Cheap) { Silent = true };
        string presented = ServerKeyFingerprint.Of(impostor.PublicKey).ToString();
        await using var client = new ChatClient(impostor.EndPoint, new ChatClientOptions
        {
            ServerAddress = Address,
            KnownServersPath = PinsPath,
            PasswordPolicy = ChatClientOptions.TestPasswordPolicy(Cheap),
            RegistrationParameters = Cheap,
            HandshakeTimeout = TimeSpan.FromMilliseconds(500),
        });
        var reported = new TaskCompletionSource<ServerKeyMismatchException>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionChanged += (_, connected) =>
        {
            if (!connected && client.ServerKeyRefusal is { } refusal)
            {
                reported.TrySetResult(refusal);
            }
        };

        bool loggedIn = await client.LoginAndStayAsync("alice", "alice-password");
        Assert.False(loggedIn);
        Assert.Null(client.ServerKeyRefusal);
        impostor.Silent = false; // the "server" is back, with another key

        ServerKeyMismatchException refused = await reported.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Same(refused, client.ServerKeyRefusal);
        Assert.Equal(PinOutcome.Mismatch, refused.Verification!.Outcome);
        Assert.Contains(pinned, refused.Message, StringComparison.Ordinal);
        Assert.Contains(presented, refused.Message, StringComparison.Ordinal);
        Assert.Contains($"{PinsPath} line 1", refused.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
        Assert.Empty(impostor.Received); // no login message: the name never left the client

        // Stopped for good: two retry spacings (2 s each) pass without another handshake opening.
        int openings = impostor.Datagrams.Count;
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(openings, impostor.Datagrams.Count);
        Assert.All(impostor.Datagrams, d => Assert.Equal((byte)ChannelDatagramType.Initiation, d[3]));
        Assert.Equal($"{Address} {pinned}\n", await File.ReadAllTextAsync(PinsPath)); // not re-pinned
    }
}
