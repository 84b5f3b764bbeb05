using System.Net;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Protocol.Tests.Security.Channel;

public sealed class PathValidatorTests
{
    private static readonly IPEndPoint Home = new(IPAddress.Loopback, 5000);
    private static readonly IPEndPoint Elsewhere = new(IPAddress.Parse("127.0.1.9"), 6000);

    [Fact]
    public void The_path_moves_only_after_the_challenge_is_answered_from_the_new_address()
    {
        var path = new PathValidator(Home);
        Assert.Equal(PathObservation.Validated, path.Observe(Home, 100));
        Assert.Equal(PathObservation.NewCandidate, path.Observe(Elsewhere, 100));
        Assert.Equal(Home, path.ValidatedPath);

        byte[] challenge = new byte[PathValidator.ChallengeLength];
        Assert.True(path.TryStartChallenge(TimeSpan.Zero, 46, challenge));

        // The right data from the wrong address, or wrong data from the right address, moves nothing.
        Assert.False(path.TryValidate(Home, challenge));
        byte[] wrong = (byte[])challenge.Clone();
        wrong[0] ^= 1;
        Assert.False(path.TryValidate(Elsewhere, wrong));
        Assert.Equal(Home, path.ValidatedPath);

        Assert.True(path.TryValidate(Elsewhere, challenge));
        Assert.Equal(Elsewhere, path.ValidatedPath);
        Assert.Null(path.Candidate);
        Assert.False(path.TryValidate(Elsewhere, challenge));
    }

    [Fact]
    public void The_unvalidated_address_gets_at_most_3x_the_bytes_it_sent()
    {
        var path = new PathValidator(Home);
        path.Observe(Elsewhere, 40);
        long budget = 3 * (40 + 28);
        long sent = 0;
        for (int k = 0; k < 100 && path.TryCharge(Elsewhere, 100); k++)
        {
            sent += 100 + 28;
        }

        Assert.True(sent <= budget);
        Assert.True(sent > 0);

        // More bytes from it raise its budget; an unknown third address gets nothing; the validated path is free.
        path.Observe(Elsewhere, 1000);
        Assert.True(path.TryCharge(Elsewhere, 100));
        Assert.False(path.TryCharge(new IPEndPoint(IPAddress.Parse("127.0.1.10"), 1), 10));
        Assert.True(path.TryCharge(Home, 100_000));
    }

    [Fact]
    public void Challenges_are_sent_at_most_three_times_one_second_apart()
    {
        var path = new PathValidator(Home);
        path.Observe(Elsewhere, 1200);
        byte[] first = new byte[8];
        byte[] again = new byte[8];
        Assert.True(path.TryStartChallenge(TimeSpan.Zero, 46, first));
        Assert.False(path.TryStartChallenge(TimeSpan.FromMilliseconds(500), 46, again));
        Assert.True(path.TryStartChallenge(TimeSpan.FromSeconds(1), 46, again));
        Assert.Equal(first, again);
        Assert.True(path.TryStartChallenge(TimeSpan.FromSeconds(2), 46, again));
        Assert.False(path.TryStartChallenge(TimeSpan.FromSeconds(10), 46, again));
    }

    [Fact]
    public void A_newer_address_replaces_the_candidate_and_its_challenge()
    {
        var path = new PathValidator(Home);
        path.Observe(Elsewhere, 1200);
        byte[] old = new byte[8];
        path.TryStartChallenge(TimeSpan.Zero, 46, old);
        var third = new IPEndPoint(IPAddress.Parse("127.0.1.11"), 7000);
        Assert.Equal(PathObservation.NewCandidate, path.Observe(third, 1200));
        Assert.False(path.TryValidate(Elsewhere, old));
        byte[] fresh = new byte[8];
        Assert.True(path.TryStartChallenge(TimeSpan.Zero, 46, fresh));
        Assert.True(path.TryValidate(third, fresh));
    }
}
