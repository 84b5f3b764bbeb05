using System.Net;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// One datagram the relay core wants sent: its bytes (<see cref="Length"/> bytes at <see cref="Offset"/> in the
/// <see cref="ChatActions"/> that holds it), where to and why (<see cref="Route"/>). <see cref="Allowance"/> is the
/// request's length for <see cref="ChatRoute.RequestSource"/> and the bytes already charged to the path validator for
/// <see cref="ChatRoute.PathCandidate"/>; unused for <see cref="ChatRoute.ValidatedSession"/>.
/// </summary>
internal readonly record struct ChatAction(ChatRoute Route, SocketAddress Destination, int Offset, int Length, int Allowance);
