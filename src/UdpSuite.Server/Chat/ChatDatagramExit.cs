using System.Net;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Chat;

/// <summary>
/// The one way out for every datagram of the chat listener: runs the <see cref="ChatActions"/> of the relay core in order
/// and applies the amplification rule by route, in this one place. To a validated session address: no limit. To the
/// source of an unauthenticated request: all answers together at most 3x the request (28 bytes of IPv4 + UDP header
/// counted on every datagram, as <see cref="AmplificationLimit"/>). To a path candidate: only a datagram whose bytes the
/// path validator charged. Anything else is dropped and counted by reason. A datagram answering the datagram being handled
/// may leave as the receive loop's inline reply (batched by the loop) when it is the last one, so the order is kept;
/// the rest go through the listener's sender. The shell announces each input (<see cref="BeginRequest"/>,
/// <see cref="BeginInternal"/>) so that actions drained in the middle of it obey the same budget. Not thread-safe: the
/// chat handler's lock.
/// </summary>
internal sealed class ChatDatagramExit(ChatCounters counters)
{
    private IDatagramSender? _sender;
    private long _requestBudget;

    public void Attach(IDatagramSender sender) => _sender = sender;

    /// <summary>
    /// The core is about to take a request of <paramref name="requestLength"/> bytes: answers to its source may use 3x
    /// of it, in total, until the next input.
    /// </summary>
    public void BeginRequest(int requestLength) => _requestBudget = 3L * (requestLength + AmplificationLimit.HeaderBytes);

    /// <summary>The core is about to take an input that is no request (tick, batch end): nothing may go to an unvalidated source.</summary>
    public void BeginInternal() => _requestBudget = 0;

    /// <summary>Runs every action of <paramref name="actions"/> through the sender, in order, and clears them.</summary>
    public void Run(ChatActions actions)
    {
        for (int index = 0; index < actions.Count; index++)
        {
            ChatAction action = actions[index];
            if (Allows(action))
            {
                Send(actions.Datagram(action), action.Destination);
            }
        }

        actions.Clear();
    }

    /// <summary>
    /// Runs the actions decided for the request in hand from <paramref name="source"/> (see <see cref="BeginRequest"/>)
    /// and clears them. The last one, when it goes to <paramref name="source"/> and fits the receive loop's own 3x
    /// backstop, is copied into <paramref name="reply"/> instead: the returned result names its length.
    /// </summary>
    public HandlerResult RunReplies(ChatActions actions, SocketAddress source, int requestLength, Span<byte> reply)
    {
        HandlerResult result = HandlerResult.NoReply;
        int last = actions.Count - 1;
        for (int index = 0; index <= last; index++)
        {
            ChatAction action = actions[index];
            if (!Allows(action))
            {
                continue;
            }

            ReadOnlySpan<byte> datagram = actions.Datagram(action);
            if (index == last && datagram.Length <= reply.Length && AmplificationLimit.Allows(requestLength, datagram.Length) && action.Destination.Equals(source))
            {
                datagram.CopyTo(reply);
                result = HandlerResult.Reply(datagram.Length);
            }
            else
            {
                Send(datagram, action.Destination);
            }
        }

        actions.Clear();
        return result;
    }

    private bool Allows(in ChatAction action)
    {
        switch (action.Route)
        {
            case ChatRoute.ValidatedSession:
                return true;
            case ChatRoute.RequestSource:
                long cost = action.Length + AmplificationLimit.HeaderBytes;
                if (cost > _requestBudget || !AmplificationLimit.Allows(action.Allowance, action.Length))
                {
                    counters.Increment(ChatDropReasons.AmplificationExceeded);
                    return false;
                }

                _requestBudget -= cost;
                return true;
            case ChatRoute.PathCandidate when action.Length <= action.Allowance:
                return true;
            default:
                counters.Increment(ChatDropReasons.UnchargedPathDatagram);
                return false;
        }
    }

    private void Send(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        if (_sender is null || !_sender.SendTo(datagram, destination))
        {
            counters.Increment(ChatDropReasons.SendFailed);
        }
    }
}
