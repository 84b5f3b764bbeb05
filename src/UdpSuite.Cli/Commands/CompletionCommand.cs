using System.CommandLine;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite completion bash|zsh|pwsh</c>: prints a shell script that completes udpsuite's commands, options and
/// option values through System.CommandLine's own mechanism, the <c>[suggest:POSITION]</c> directive (what
/// <c>dotnet-suggest</c> calls; that tool is not needed). The script asks <c>udpsuite "[suggest:N]" "ARGS"</c> at each
/// Tab, so the completions always match the installed version. Exit 0.
/// </summary>
internal static class CompletionCommand
{
    /// <summary>The shells with a script, as the argument takes them.</summary>
    public static readonly IReadOnlyList<string> Shells = ["bash", "zsh", "pwsh"];

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or pwsh" };
        shell.AcceptOnlyFromAmong([.. Shells]);
        var command = new Command("completion", "Print a shell completion script: eval \"$(udpsuite completion bash)\" (see README, Shell completion).");
        command.Arguments.Add(shell);
        command.SetAction(parse =>
        {
            Console.Out.Write(Script(parse.GetValue(shell)!));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The completion script for <paramref name="shell"/> (one of <see cref="Shells"/>).</summary>
    public static string Script(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "pwsh" => Pwsh,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "not a supported shell"),
    };

    // The words after the command name, up to the cursor, go to the directive with the cursor's offset in them.
    private const string Bash = """
        # udpsuite completion for bash: eval "$(udpsuite completion bash)" (e.g. in ~/.bashrc)
        _udpsuite_complete() {
            local cur="${COMP_WORDS[COMP_CWORD]}" IFS=$'\n'
            local line="${COMP_LINE:0:COMP_POINT}"
            local args="${line#*"${COMP_WORDS[0]}"}"
            args="${args#"${args%%[! ]*}"}"
            local candidates
            candidates=$("${COMP_WORDS[0]}" "[suggest:${#args}]" "$args" 2>/dev/null)
            COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
        }
        complete -o default -F _udpsuite_complete udpsuite

        """;

    private const string Zsh = """
        # udpsuite completion for zsh: eval "$(udpsuite completion zsh)" (e.g. in ~/.zshrc, after compinit)
        _udpsuite_complete() {
            local args="${(j: :)words[2,CURRENT]}"
            local -a candidates
            candidates=("${(@f)$(${words[1]} "[suggest:${#args}]" "$args" 2>/dev/null)}")
            compadd -- ${candidates:#}
        }
        compdef _udpsuite_complete udpsuite

        """;

    private const string Pwsh = """
        # udpsuite completion for PowerShell: udpsuite completion pwsh | Out-String | Invoke-Expression (e.g. in $PROFILE)
        Register-ArgumentCompleter -Native -CommandName udpsuite -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $start = $commandAst.CommandElements[0].Extent.EndOffset
            $line = $commandAst.Extent.Text.PadRight($cursorPosition - $commandAst.Extent.StartOffset)
            $text = $line.Substring($start - $commandAst.Extent.StartOffset, $cursorPosition - $start)
            $arguments = $text.TrimStart()
            # The directive matches anywhere in a candidate; PowerShell shows what it is given, so keep the prefix matches.
            udpsuite "[suggest:$($arguments.Length)]" "$arguments" 2>$null | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
