#!/usr/bin/env node
/**
 * `site-rescue` — the command line over the engine, for power users, support and CI.
 *
 * Each command lives in ./commands/<name>.ts and exports `command: CliCommand`. Secrets never come
 * from argv: the keychain, SITE_RESCUE_PASSWORD / SITE_RESCUE_KEY, or a prompt.
 */
import { commands, type CliCommand } from './commands';

function usage(list: readonly CliCommand[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    'Site Rescue — recover a hacked WordPress site on shared hosting.',
    '',
    'Usage: site-rescue <command> [options]',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `site-rescue <command> --help` for the options of one command.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage(commands) + '\n');
    return name === undefined ? 2 : 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`site-rescue: unknown command "${name}"\n\n${usage(commands)}\n`);
    return 2;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`site-rescue: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
