namespace UdpSuite.Tui.Tests.Views;

/// <summary>
/// The harness itself. <c>IApplication.Begin</c> installs Terminal.Gui's main-loop synchronization context on the calling
/// thread, and a headless test never runs that loop: an <c>await</c> in the test would post its continuation to a queue
/// nobody drains (it ran only when the awaited task happened to finish on the app's main thread), so the test, and with
/// it the whole test host, waited forever.
/// </summary>
public sealed class HeadlessChatTests
{
    [Fact]
    public void The_test_thread_keeps_its_own_synchronization_context()
    {
        SynchronizationContext? before = SynchronizationContext.Current;
        using var chat = new HeadlessChat();

        Assert.Same(before, SynchronizationContext.Current);
    }

    [Fact(Timeout = 120_000)]
    public async Task Await_of_work_finished_on_another_thread_resumes_the_test()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        var done = new TaskCompletionSource();
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Registered before the work finishes and captures the current context, exactly as an await does.
        done.Task.GetAwaiter().OnCompleted(resumed.SetResult);
        // A dedicated thread is never the app's main thread: with the main-loop context captured, the continuation
        // went to the never-pumped main loop and this await never returned.
        var other = new Thread(done.SetResult);
        other.Start();

        await resumed.Task;
        other.Join();

        Assert.Contains("瞎驴", chat.Screen);
    }
}
