// `npm run cli -- <command>`: operations staff run from a shell. Each command opens the
// database the configuration names (as the server does), does one job, and closes it.
import { parseArgs } from 'node:util';
import { commands } from './cli/commands.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/connect.js';

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return ['Usage: npm run cli -- <command> [arguments]', '', 'Commands:', ...lines, ''].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command: ${name}\n\n${usage()}`);
    return 1;
  }
  const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: command.options ?? {} });
  if (values.help) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  const config = loadConfig();
  const handle = openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.dataDir });
  try {
    return await command.run({
      db: handle.db,
      handle,
      config,
      args: positionals,
      options: values,
      out: process.stdout,
    });
  } finally {
    await handle.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}
