// The real service, started the way an operator starts it (`node --import tsx src/server.ts`,
// NODE_ENV=production), against the scratch database.
import { CONFIG_VARIABLES } from '../../src/config.js';
import { type ChildServer, freePort, startChildServer } from './child-server.js';

export interface AppOptions {
  databaseUrl: string;
  secret: string;
  /** More settings, e.g. SUBMISSIONS_PER_ADDRESS at its default for a rate-limit scenario. */
  env?: Record<string, string>;
  /** Extra `node` flags, e.g. ['--cpu-prof'] to see where the time goes. */
  nodeArgs?: string[];
}

/** Every load generator connection comes from 127.0.0.1: lift the per-address limit by default. */
const UNLIMITED_SUBMISSIONS = '100000000';

export async function startApp(options: AppOptions): Promise<ChildServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Every setting src/config.ts reads is dropped from the inherited environment, so the shell cannot skew a run.
  for (const name of CONFIG_VARIABLES) delete env[name];
  Object.assign(env, {
    NODE_ENV: 'production',
    SECRET: options.secret,
    DATABASE_URL: options.databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SUBMISSIONS_PER_ADDRESS: UNLIMITED_SUBMISSIONS,
    ...options.env,
  });
  return startChildServer({
    args: [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/server.ts'],
    env,
    port,
    readyPath: '/readyz',
  });
}
