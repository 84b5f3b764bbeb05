using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Login;

/// <summary>
/// The answer to a LOGIN_START: the salt and parameters shown (the account's, or a decoy for an unknown or
/// version-1 name, so probing cannot tell names apart by their answer) and the account found.
/// </summary>
internal sealed record LoginLookup(LoginParameters Shown, StoredAccount? Account);
