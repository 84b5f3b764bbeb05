using UdpSuite.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
