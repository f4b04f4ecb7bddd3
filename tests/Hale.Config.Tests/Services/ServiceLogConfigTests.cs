using Hale.Services;

namespace Hale.Config.Tests.Services;

public sealed class ServiceLogConfigTests
{
    [Fact]
    public void Parse_NoLogKey_DefaultsThousandLinesNoFile()
    {
        var config = TestConfig.Parse("""
            services:
              web: { run: sleep 300 }
            """);

        Assert.Equal(ServiceLogOptions.Default, Assert.Single(config.Services).Log);
        Assert.Equal(1000, config.Services[0].Log.Lines);
        Assert.Null(config.Services[0].Log.File);
    }

    [Fact]
    public void Parse_EveryLogKey_ReadIntoTheOptions()
    {
        var directory = TestConfig.NewDirectory();
        var config = TestConfig.Parse($$"""
            services:
              web:
                run: sleep 300
                log: { lines: 50, file: logs/web.log, stderr_file: {{directory}}/web.err, max_size: 10MB, keep: 3 }
            """, Path.Combine(directory, "hale.yaml"));

        var log = Assert.Single(config.Services).Log;
        Assert.Equal(50, log.Lines);
        Assert.Equal(Path.Combine(directory, "logs", "web.log"), log.File);
        Assert.Equal(Path.Combine(directory, "web.err"), log.StderrFile);
        Assert.Equal(10L * 1024 * 1024, log.MaxBytes);
        Assert.Equal(3, log.Keep);
    }

    [Fact]
    public void Parse_ServiceLogDefaults_AppliedUnderEachServicesOwnKeys()
    {
        var config = TestConfig.Parse("""
            service_log: { lines: 200, max_size: 512KB, keep: 2 }
            services:
              web: { run: sleep 300 }
              api:
                run: sleep 300
                log: { lines: 10 }
            """);

        var web = config.Services.Single(s => s.Name == "web").Log;
        var api = config.Services.Single(s => s.Name == "api").Log;
        Assert.Equal((200, 512L * 1024, 2), (web.Lines, web.MaxBytes, web.Keep));
        Assert.Equal((10, 512L * 1024, 2), (api.Lines, api.MaxBytes, api.Keep));
    }

    [Theory]
    [InlineData("max_size: 10XB", 4, 22, "log.max_size: expected a size (e.g. 10MB, 512KB, 1GB or 1048576 (bytes)), found '10XB'")]
    [InlineData("max_size: 100", 4, 22, "log.max_size: must be at least 1024 bytes, not '100'")]
    [InlineData("max_size: 2000GB", 4, 22, "log.max_size: '2000GB' is larger than the maximum size of 1TB")]
    [InlineData("lines: -1", 4, 19, "log.lines")]
    [InlineData("keep: many", 4, 18, "log.keep")]
    [InlineData("colour: red", 4, 12, "unknown key 'colour' in log; expected lines, file, stderr_file, max_size, keep")]
    public void Parse_BadLogValue_ErrorAtTheValue(string entry, int line, int column, string message)
    {
        var error = TestConfig.Error($$"""
            services:
              web:
                run: sleep 300
                log: { {{entry}} }
            """);

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FileUnderARegularFile_ErrorNamesTheKeyAndThePath()
    {
        var directory = TestConfig.NewDirectory();
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "blocker"), "x");

        var ex = Assert.Throws<ConfigException>(() => TestConfig.Parse("""
            services:
              web:
                run: sleep 300
                log: { file: blocker/web.log }
            """, Path.Combine(directory, "hale.yaml")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((4, 18), (error.Line, error.Column));
        Assert.Equal($"log.file: {Path.Combine(directory, "blocker", "web.log")} cannot be created: {Path.Combine(directory, "blocker")} is not a directory", error.Message);
    }

    [Fact]
    public void Parse_FileIsADirectory_Error()
    {
        var directory = TestConfig.NewDirectory();
        Directory.CreateDirectory(Path.Combine(directory, "web.log"));

        var ex = Assert.Throws<ConfigException>(() => TestConfig.Parse("""
            services:
              web:
                run: sleep 300
                log: { file: web.log }
            """, Path.Combine(directory, "hale.yaml")));

        Assert.EndsWith("web.log is a directory", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwoServicesOneFile_Error()
    {
        var errors = TestConfig.Errors("""
            services:
              web: { run: sleep 300, log: { file: /tmp/hale-shared-test.log } }
              api: { run: sleep 300, log: { file: /tmp/hale-shared-test.log } }
            """);

        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("services 'web' and 'api' both write /tmp/hale-shared-test.log", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LogOnADaemonHaleDoesNotOwn_Error()
    {
        var error = TestConfig.Error("""
            services:
              legacy:
                start: /etc/init.d/legacy start
                alive: { pid_file: /run/legacy.pid }
                log: { lines: 10 }
            """);

        Assert.Equal(5, error.Line);
        Assert.Contains("Hale never sees its output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownServiceLogKey_Error()
    {
        var error = TestConfig.Error("""
            service_log: { file: /tmp/x.log }
            services:
              web: { run: sleep 300 }
            """);

        Assert.Equal((1, 16), (error.Line, error.Column));
        Assert.Contains("unknown key 'file' in service_log; expected lines, max_size, keep", error.Message, StringComparison.Ordinal);
    }
}
