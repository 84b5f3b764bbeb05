namespace UdpSuite.Server.Dispatch;

/// <summary>
/// A handler that wants to know where the receive loop's batches begin and end: datagrams that arrived together (one
/// recvmmsg on the Linux batched loop; on the portable loop those already queued on the socket, at most 64) are
/// dispatched between <see cref="OnBatchStart"/> and <see cref="OnBatchEnd"/>, so the handler can make all of their
/// writes durable with one disk flush (group commit) and answer them afterwards. Several loops may share one handler:
/// batches may overlap, and each <see cref="OnBatchStart"/> is followed by exactly one <see cref="OnBatchEnd"/> from the
/// same loop. A handler must still work when <see cref="IDatagramHandler.Handle"/> is called outside any batch.
/// </summary>
internal interface IBatchAwareHandler : IDatagramHandler
{
    void OnBatchStart();

    /// <summary>
    /// Called after the batch's last datagram was dispatched and the loop sent the replies it returned, before the loop
    /// waits for more; also when the loop stops with a batch open.
    /// </summary>
    void OnBatchEnd();
}
