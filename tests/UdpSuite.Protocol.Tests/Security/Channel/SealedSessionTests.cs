using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Protocol.Tests.Security.Channel;

public sealed class SealedSessionTests
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(1);

    [Fact]
    public void Sealed_datagram_has_clear_header_encrypted_inner_type_and_opens_on_the_other_side()
    {
        (SealedSession client, SealedSession server) = ChannelTestKeys.Sessions(sessionId: 0x1122334455667788);
        using (client)
        using (server)
        {
            byte[] body = "hello alice"u8.ToArray();
            byte[] datagram = new byte[ChannelWire.MaxDatagram];
            SealResult sealedResult = client.Seal(0x10, body, Now, datagram);
            Assert.True(sealedResult.IsSealed);
            Assert.Equal(ChannelWire.TransportOverhead + body.Length, sealedResult.Length);
            Assert.True(TransportHeader.TryRead(datagram.AsSpan(0, sealedResult.Length), out TransportHeader header));
            Assert.Equal(new TransportHeader(0x1122334455667788, false, 0), header);
            Assert.False(datagram.AsSpan(ChannelWire.TransportHeaderLength, sealedResult.Length - ChannelWire.TransportHeaderLength).IndexOf(body) >= 0);

            byte[] plaintext = new byte[ChannelWire.MaxDatagram];
            OpenResult opened = server.Open(datagram.AsSpan(0, sealedResult.Length), Now, plaintext);
            Assert.True(opened.IsOpened);
            Assert.Equal(0x10, opened.InnerType);
            Assert.Equal(body, plaintext.AsSpan(1, opened.BodyLength).ToArray());
        }
    }

    [Fact]
    public void Every_flipped_bit_is_dropped_and_the_genuine_datagram_still_opens_once()
    {
        (SealedSession client, SealedSession server) = ChannelTestKeys.Sessions();
        using (client)
        using (server)
        {
            byte[] datagram = new byte[ChannelWire.MaxDatagram];
            int length = client.Seal(0x11, "ack"u8, Now, datagram).Length;
            byte[] plaintext = new byte[ChannelWire.MaxDatagram];
            for (int bit = 0; bit < length * 8; bit++)
            {
                byte[] tampered = datagram[..length];
                tampered[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.False(server.Open(tampered, Now, plaintext).IsOpened);
            }

            Assert.True(server.Open(datagram.AsSpan(0, length), Now, plaintext).IsOpened);
            Assert.Equal(ChannelDropReason.Replay, server.Open(datagram.AsSpan(0, length), Now, plaintext).Drop);
        }
    }

    [Fact]
    public void Reordered_datagrams_within_the_window_open_and_older_ones_are_dropped()
    {
        (SealedSession client, SealedSession server) = ChannelTestKeys.Sessions();
        using (client)
        using (server)
        {
            List<byte[]> sent = [];
            for (int k = 0; k < 100; k++)
            {
                byte[] datagram = new byte[64];
                int length = client.Seal(0x13, [(byte)k], Now, datagram).Length;
                sent.Add(datagram[..length]);
            }

            byte[] plaintext = new byte[64];
            Assert.True(server.Open(sent[99], Now, plaintext).IsOpened);
            for (int k = 98; k >= 36; k--)
            {
                OpenResult opened = server.Open(sent[k], Now, plaintext);
                Assert.True(opened.IsOpened);
                Assert.Equal((byte)k, plaintext[1]);
            }

            Assert.Equal(ChannelDropReason.Replay, server.Open(sent[35], Now, plaintext).Drop);
        }
    }

    [Fact]
    public void A_datagram_of_another_session_or_direction_does_not_open()
    {
        (SealedSession client, SealedSession server) = ChannelTestKeys.Sessions();
        (SealedSession otherClient, SealedSession otherServer) = ChannelTestKeys.Sessions();
        using (client)
        using (server)
        using (otherClient)
        using (otherServer)
        {
            byte[] datagram = new byte[64];
            int length = otherClient.Seal(0x13, [], Now, datagram).Length;
            byte[] plaintext = new byte[64];
            Assert.Equal(ChannelDropReason.Authentication, server.Open(datagram.AsSpan(0, length), Now, plaintext).Drop);

            // A client's own datagram reflected back to it does not open either (per-direction keys).
            length = client.Seal(0x13, [], Now, datagram).Length;
            Assert.Equal(ChannelDropReason.Authentication, client.Open(datagram.AsSpan(0, length), Now, plaintext).Drop);
        }
    }

    [Fact]
    public void Key_phases_renew_both_directions_and_late_datagrams_of_the_previous_phase_still_open_for_a_while()
    {
        var policy = new TransportRekeyPolicy(4, TimeSpan.FromHours(1), 100, TimeSpan.FromHours(2));
        (SealedSession client, SealedSession server) = ChannelTestKeys.Sessions(policy: policy);
        using (client)
        using (server)
        {
            byte[] plaintext = new byte[64];
            List<byte[]> fromClient = [];
            for (int k = 0; k < 6; k++)
            {
                byte[] datagram = new byte[64];
                fromClient.Add(datagram[..client.Seal(0x13, [(byte)k], Now, datagram).Length]);
            }

            // The fifth datagram (after 4 under the first key) starts generation 1.
            Assert.Equal(1UL, client.SendGeneration);
            Assert.True(TransportHeader.TryRead(fromClient[4], out TransportHeader renewed));
            Assert.True(renewed.KeyPhase);

            // The renewed datagrams arrive first; the server promotes and follows with its own sending key.
            Assert.True(server.Open(fromClient[5], Now, plaintext).IsOpened);
            Assert.True(server.Open(fromClient[4], Now, plaintext).IsOpened);
            Assert.Equal(1UL, server.ReceiveGeneration);
            Assert.Equal(1UL, server.SendGeneration);

            // A late datagram of phase 0 opens with the retained previous key.
            Assert.True(server.Open(fromClient[3], Now, plaintext).IsOpened);

            // After the retention time, the previous key is gone.
            TimeSpan later = Now + SealedSession.PreviousKeyRetention;
            Assert.Equal(ChannelDropReason.StaleKeyPhase, server.Open(fromClient[2], later, plaintext).Drop);

            // The server's reply carries phase 1 and confirms the renewal to the client.
            byte[] reply = new byte[64];
            int length = server.Seal(0x14, [], later, reply).Length;
            Assert.True(client.Open(reply.AsSpan(0, length), later, plaintext).IsOpened);
            Assert.Equal(1UL, client.ReceiveGeneration);
            Assert.Equal(1UL, client.SendGeneration);
        }
    }

    [Fact]
    public void No_second_renewal_starts_before_the_peer_confirms_the_first()
    {
        var policy = new TransportRekeyPolicy(2, TimeSpan.FromHours(1), 100, TimeSpan.FromHours(2));
        (SealedSession client, SealedSession server) = ChannelTestKeys.Sessions(policy: policy);
        using (client)
        using (server)
        {
            byte[] datagram = new byte[64];
            for (int k = 0; k < 10; k++)
            {
                Assert.True(client.Seal(0x13, [], Now, datagram).IsSealed);
            }

            Assert.Equal(1UL, client.SendGeneration);
        }
    }

    [Fact]
    public void At_the_hard_limit_nothing_more_is_sealed()
    {
        var policy = new TransportRekeyPolicy(2, TimeSpan.FromHours(1), 3, TimeSpan.FromHours(2));
        (SealedSession client, SealedSession server) = ChannelTestKeys.Sessions(policy: policy);
        using (client)
        using (server)
        {
            // 2 under the first key, then a renewal the peer never confirms: 3 more under the renewed key.
            byte[] datagram = new byte[64];
            for (int k = 0; k < 5; k++)
            {
                Assert.True(client.Seal(0x13, [], Now, datagram).IsSealed);
            }

            Assert.Equal(SealStatus.KeyExhausted, client.Seal(0x13, [], Now, datagram).Status);
            Assert.Equal(SealStatus.KeyExhausted, server.Seal(0x13, [], Now + TimeSpan.FromHours(2), datagram).Status);
        }
    }

    [Fact]
    public void Age_renews_the_key_after_the_soft_limit()
    {
        (SealedSession client, SealedSession server) = ChannelTestKeys.Sessions();
        using (client)
        using (server)
        {
            byte[] datagram = new byte[64];
            int length = client.Seal(0x13, [], TimeSpan.FromHours(23), datagram).Length;
            Assert.Equal(1UL, client.SendGeneration);
            byte[] plaintext = new byte[64];
            Assert.True(server.Open(datagram.AsSpan(0, length), TimeSpan.FromHours(23), plaintext).IsOpened);
            Assert.Equal(1UL, server.SendGeneration);
        }
    }
}
