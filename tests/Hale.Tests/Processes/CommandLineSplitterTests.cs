using Hale.Processes;

namespace Hale.Tests.Processes;

public sealed class CommandLineSplitterTests
{
    public static TheoryData<string, string[]> DirectLines => new()
    {
        { "python3 app.py", ["python3", "app.py"] },
        { "sleep 1000", ["sleep", "1000"] },
        { "  sleep\t\t1000  ", ["sleep", "1000"] },
        { "/usr/bin/env", ["/usr/bin/env"] },
        { "./bin/server --port=8080 -v", ["./bin/server", "--port=8080", "-v"] },
        { "app --name=a=b", ["app", "--name=a=b"] },
        { "python3 -c 'print(1); print(2)'", ["python3", "-c", "print(1); print(2)"] },
        { "python3 -c 'import sys\nprint(sys.argv)'", ["python3", "-c", "import sys\nprint(sys.argv)"] },
        { "echo-server 'a b' \"c d\" e\\ f", ["echo-server", "a b", "c d", "e f"] },
        { "app '' \"\"", ["app", "", ""] },
        { "app 'it'\\''s'", ["app", "it's"] },
        { "app \"say \\\"hi\\\"\"", ["app", "say \"hi\""] },
        { "app \"\\$HOME \\`x\\` \\\\ \\n\"", ["app", "$HOME `x` \\ \\n"] },
        { "app \"a'b\" 'c\"d'", ["app", "a'b", "c\"d"] },
        { "app 'a|b;c&d>e<f(g)h$i`j*k?l[m~n{o}p#q'", ["app", "a|b;c&d>e<f(g)h$i`j*k?l[m~n{o}p#q"] },
        { "app a\\|b a\\;b a\\&b a\\>b a\\$b a\\*b a\\~b", ["app", "a|b", "a;b", "a&b", "a>b", "a$b", "a*b", "a~b"] },
        { "app a#b", ["app", "a#b"] },
        { "app x=1 --y=2", ["app", "x=1", "--y=2"] },
        { "'my app' arg", ["my app", "arg"] },
        { "sleep 1000\n", ["sleep", "1000"] },
        { "\n\nsleep 1000\n\n", ["sleep", "1000"] },
        { "app !x", ["app", "!x"] },
        { "app 100%", ["app", "100%"] },
    };

    [Theory]
    [MemberData(nameof(DirectLines))]
    public void Split_NoShellSyntax_DirectArgv(string line, string[] argv)
    {
        var plan = CommandLineSplitter.Split(line);

        Assert.Equal(CommandLineKind.Direct, plan.Kind);
        Assert.Equal(argv, plan.Argv);
    }

    [Theory]
    [MemberData(nameof(DirectLines))]
    public async Task Split_NoShellSyntax_SameWordsAsTheRealShell(string line, string[] argv)
    {
        // `set -- LINE` makes the shell's own reading of the words its positional parameters.
        var info = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"set -- {line.Trim('\n')}\nprintf '%s\\0' \"$@\"");
        using var shell = System.Diagnostics.Process.Start(info)!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();

        Assert.Equal(0, shell.ExitCode);
        Assert.Equal(argv, output.Split('\0')[..^1]);
    }

    [Theory]
    [InlineData("sleep 100 2>/dev/null", "exec sleep 100 2>/dev/null")]
    [InlineData("python3 app.py > out.txt", "exec python3 app.py > out.txt")]
    [InlineData("app >>log 2>&1", "exec app >>log 2>&1")]
    [InlineData("app < in.txt", "exec app < in.txt")]
    [InlineData("app <>rw >|clobber 3<&0", "exec app <>rw >|clobber 3<&0")]
    [InlineData("2>/dev/null app", "2>/dev/null exec app")]
    [InlineData(">out app arg", ">out exec app arg")]
    [InlineData("FOO=bar app", "FOO=bar exec app")]
    [InlineData("FOO=bar BAZ='q x' 2>err app -v", "FOO=bar BAZ='q x' 2>err exec app -v")]
    [InlineData("FOO=$HOME/x app", "FOO=$HOME/x exec app")]
    [InlineData("app --port $PORT", "exec app --port $PORT")]
    [InlineData("app \"$HOME/data\"", "exec app \"$HOME/data\"")]
    [InlineData("app ${DATA:-/var/lib}", "exec app ${DATA:-/var/lib}")]
    [InlineData("app $(cat port; echo x)", "exec app $(cat port; echo x)")]
    [InlineData("app \"$(printf '%s)' x)\"", "exec app \"$(printf '%s)' x)\"")]
    [InlineData("app $((1 + 2))", "exec app $((1 + 2))")]
    [InlineData("app `cat port`", "exec app `cat port`")]
    [InlineData("$APP --flag", "exec $APP --flag")]
    [InlineData("app *.conf", "exec app *.conf")]
    [InlineData("app file?.txt", "exec app file?.txt")]
    [InlineData("app [ab].txt", "exec app [ab].txt")]
    [InlineData("app ~/config", "exec app ~/config")]
    [InlineData("app {a,b}", "exec app {a,b}")]
    [InlineData("app arg # a comment; with | syntax", "exec app arg # a comment; with | syntax")]
    [InlineData("app $", "exec app $")]
    [InlineData("  sleep 1 >x\n", "  exec sleep 1 >x\n")]
    public void Split_OneSimpleCommandWithShellSyntax_ShellExec(string line, string script)
    {
        var plan = CommandLineSplitter.Split(line);

        Assert.Equal(CommandLineKind.ShellExec, plan.Kind);
        Assert.Equal(["/bin/sh", "-c", script], plan.Argv);
    }

    [Theory]
    [InlineData("app | tee log")]
    [InlineData("app || other")]
    [InlineData("app && other")]
    [InlineData("cd /srv; app")]
    [InlineData("app & wait")]
    [InlineData("app &")]
    [InlineData("app &>/dev/null")]
    [InlineData("app |& tee log")]
    [InlineData("first\nsecond")]
    [InlineData("(app)")]
    [InlineData("app <(cat x)")]
    [InlineData("{ app; }")]
    [InlineData("if true; then app; fi")]
    [InlineData("while true; do sleep 1; done")]
    [InlineData("for i in 1 2; do app $i; done")]
    [InlineData("case x in x) app;; esac")]
    [InlineData("! app")]
    [InlineData("cd /srv")]
    [InlineData("exec sleep 300")]
    [InlineData("export FOO=bar")]
    [InlineData("exit 3")]
    [InlineData("kill -USR1 $$")]
    [InlineData("trap 'exit 0' TERM")]
    [InlineData("echo hello")]
    [InlineData("true")]
    [InlineData(". ./env.sh")]
    [InlineData("FOO=bar")]
    [InlineData("FOO=bar >out")]
    [InlineData("# only a comment")]
    [InlineData("app >")]
    [InlineData("app > | x")]
    [InlineData("cat <<EOF\nhi\nEOF")]
    [InlineData("app 'unterminated")]
    [InlineData("app \"unterminated")]
    [InlineData("app $(unterminated")]
    [InlineData("app ${unterminated")]
    [InlineData("app `unterminated")]
    [InlineData("app trailing\\")]
    [InlineData("app continued\\\nline")]
    [InlineData("app \"continued\\\nline\"")]
    [InlineData("")]
    [InlineData("   ")]
    public void Split_ListCompoundBuiltinOrUnreadable_ShellAsWritten(string line)
    {
        var plan = CommandLineSplitter.Split(line);

        Assert.Equal(CommandLineKind.Shell, plan.Kind);
        Assert.Equal(["/bin/sh", "-c", line], plan.Argv);
    }

    [Fact]
    public void Split_Null_Throws() => Assert.Throws<ArgumentNullException>(() => CommandLineSplitter.Split(null!));
}
