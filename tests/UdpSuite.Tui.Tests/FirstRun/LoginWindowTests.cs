using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;
using UdpSuite.Tui.FirstRun;

namespace UdpSuite.Tui.Tests.FirstRun;

/// <summary>The login screens headless: discovery list, typed address, key shown, masked password with the focus, asking again, registering.</summary>
public sealed class LoginWindowTests
{
    private const string Secret = "炊饼 secret 🍞";

    private sealed class Screens : IDisposable
    {
        private readonly SessionToken _token;

        public Screens(FakeLoginBackend backend, string? server = null, string? user = null, int width = 80, int height = 24)
        {
            App = Application.Create(new VirtualTimeProvider()).Init(DriverRegistry.Names.ANSI);
            App.Driver!.SetScreenSize(width, height);
            Window = new LoginWindow(backend, server, user, action => action());
            SynchronizationContext? testContext = SynchronizationContext.Current;
            _token = App.Begin(Window)!;
            SynchronizationContext.SetSynchronizationContext(testContext);
            App.LayoutAndDraw();
        }

        public IApplication App { get; }

        public LoginWindow Window { get; }

        public string Screen
        {
            get
            {
                App.LayoutAndDraw();
                return App.Driver!.ToString()!;
            }
        }

        public void Type(string text)
        {
            foreach (System.Text.Rune rune in text.EnumerateRunes())
            {
                App.InjectKey(new Key(rune.Value));
            }

            App.LayoutAndDraw();
        }

        public void Press(Key key)
        {
            App.InjectKey(key);
            App.LayoutAndDraw();
        }

        public void Dispose()
        {
            App.End(_token);
            Window.Dispose();
            App.Dispose();
        }
    }

    [Fact]
    public void First_run_lists_the_servers_found_and_Enter_takes_one_to_the_account_step_with_its_key()
    {
        var backend = new FakeLoginBackend();
        backend.Found.Add(new FoundServer("水浒-server", "127.0.0.1:40001", "SHA256:" + new string('B', 43)));
        using var screens = new Screens(backend);

        string screen = screens.Screen;
        Assert.Contains("1 server found", screen);
        Assert.Contains("水浒-server  127.0.0.1:40001  SHA256:BBBB", screen);

        screens.Press(Key.Enter);
        screen = screens.Screen;
        Assert.True(screens.Window.AccountStep.Visible);
        Assert.Contains("Server: 127.0.0.1:40001", screen);
        Assert.Contains("SHA256:AAAA", screen);
        Assert.Contains("(test-server): new;", screen);
        Assert.Contains("compare it with the one the server's operator gave you", screen);
        Assert.True(screens.Window.User.HasFocus);
    }

    [Fact]
    public void Nothing_found_a_typed_address_is_used()
    {
        var backend = new FakeLoginBackend();
        using var screens = new Screens(backend);
        Assert.Contains("No server answered", screens.Screen);

        screens.Window.Address.SetFocus();
        screens.Type("chat.example:8081");
        screens.Press(Key.Enter);

        Assert.Contains("Server: chat.example:8081", screens.Screen);
    }

    [Fact]
    public void The_password_is_masked_the_focus_is_where_typing_goes_and_a_wrong_one_asks_again()
    {
        var backend = new FakeLoginBackend();
        backend.Accounts["狗哥alex"] = Secret;
        using var screens = new Screens(backend, server: "127.0.0.1:40001", user: "狗哥alex");

        Assert.True(screens.Window.Password.HasFocus);
        screens.Type("wrong 密码");
        string screen = screens.Screen;
        Assert.DoesNotContain("wrong", screen);
        Assert.DoesNotContain("密码", screen);
        Assert.Contains("Password:          ∙∙∙∙∙∙∙∙ ", screen); // a mask, one per character typed
        screens.Press(Key.Enter);

        Assert.Null(screens.Window.Outcome);
        Assert.Contains("Wrong user name or password", screens.Screen);
        Assert.Equal(string.Empty, screens.Window.Password.Text);
        Assert.True(screens.Window.Password.HasFocus);

        screens.Type(Secret);
        screens.Press(Key.Enter);
        Assert.NotNull(screens.Window.Outcome);
        Assert.Equal(("127.0.0.1:40001", "狗哥alex"), (screens.Window.Outcome.Server, screens.Window.Outcome.User));
        Assert.Equal("狗哥alex", screens.Window.Outcome.Session!.UserName);
    }

    [Fact]
    public void Registering_asks_the_password_twice_and_shows_the_invite_field_only_when_the_server_wants_one()
    {
        var backend = new FakeLoginBackend { InviteToken = "邀请-42" };
        using var screens = new Screens(backend, server: "127.0.0.1:40001");

        Assert.False(screens.Window.Invite.Visible);
        screens.Window.NewAccount.InvokeCommand(Command.Accept);
        Assert.True(screens.Window.Repeat.Visible);
        Assert.True(screens.Window.User.HasFocus);
        screens.Type("武大郎");
        screens.Press(Key.Enter);
        screens.Type(Secret);
        screens.Press(Key.Enter);
        screens.Type(Secret);
        screens.Press(Key.Enter);

        Assert.Null(screens.Window.Outcome);
        Assert.True(screens.Window.Invite.Visible);
        Assert.True(screens.Window.Invite.HasFocus);
        Assert.Contains("invite token", screens.Screen);

        screens.Type("邀请-42");
        screens.Press(Key.Enter);
        Assert.Equal(("武大郎", "邀请-42"), Assert.Single(backend.Registrations));
        Assert.Equal("武大郎", screens.Window.Outcome!.User);
    }

    [Fact]
    public void Two_different_passwords_are_refused_before_anything_is_sent()
    {
        var backend = new FakeLoginBackend();
        using var screens = new Screens(backend, server: "127.0.0.1:40001", user: "瞎驴");

        screens.Window.NewAccount.InvokeCommand(Command.Accept);
        screens.Type("one");
        screens.Press(Key.Enter);
        screens.Type("two");
        screens.Press(Key.Enter);

        Assert.Contains("The two passwords differ", screens.Screen);
        Assert.Empty(backend.Registrations);
        Assert.Empty(backend.Logins);
    }
}
