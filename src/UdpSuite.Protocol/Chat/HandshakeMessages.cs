namespace UdpSuite.Protocol.Chat;

/// <summary>HELLO: who wants to log in, and the client's nonce. Always padded to <see cref="ChatWire.MinHelloLength"/>.</summary>
public readonly record struct HelloMessage(string UserName, byte[] ClientNonce);

/// <summary>CHALLENGE: the server's nonce and the account's salt and iteration count (fake but stable ones for unknown users).</summary>
public readonly record struct ChallengeMessage(byte[] ClientNonce, byte[] ServerNonce, byte[] Salt, int Iterations);

/// <summary>PROOF: the SCRAM client proof over the exchange so far.</summary>
public readonly record struct ProofMessage(byte[] ClientNonce, byte[] ServerNonce, byte[] ClientProof);

/// <summary>WELCOME: the new session's id and the SCRAM server signature.</summary>
public readonly record struct WelcomeMessage(ulong SessionId, byte[] ServerSignature);

/// <summary>REGISTER: a new account's name and SCRAM verifier. The password never leaves the client.</summary>
public readonly record struct RegisterMessage(string UserName, ScramVerifier Verifier);

/// <summary>ERROR: why an unauthenticated request failed.</summary>
public readonly record struct ErrorMessage(ChatErrorCode Code, string Text);

/// <summary>PROBE_REPLY: the server's protocol version and name.</summary>
public readonly record struct ProbeReplyMessage(byte ProtocolVersion, string ServerName);
