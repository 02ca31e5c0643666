/** One CLI command. `run` returns the process exit code. */
export type CliCommand = {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  run(args: string[]): Promise<number>;
};

/**
 * Registry of commands. Each entry imports its module lazily so `--help` stays fast and a command's
 * heavy dependencies load only when it runs. Add one line per command.
 */
function lazy(name: string, summary: string, load: () => Promise<{ command: CliCommand }>): CliCommand {
  return {
    name,
    summary,
    help: `site-rescue ${name} — ${summary}`,
    async run(args) {
      const { command } = await load();
      if (args.includes('--help') || args.includes('-h')) {
        process.stdout.write(command.help + '\n');
        return 0;
      }
      return command.run(args);
    },
  };
}

export const commands: readonly CliCommand[] = [
  lazy('demo', 'Serve the built-in infected demo site over FTP on 127.0.0.1.', () => import('./demo')),
  lazy('scan', 'Scan a site folder or a case snapshot for malicious and tampered files.', () => import('./scan')),
  lazy('web', 'Serve the wizard in your browser over a loopback-only bridge.', () => import('./web')),
  lazy('snapshot', 'Download a complete, verified, resumable copy of a site (FTP/FTPS/SFTP).', () => import('./snapshot')),
];
