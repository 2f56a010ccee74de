// The only reader of process.env. Everything the service can be told at start-up is parsed
// here with zod, so a mistake stops the process with one line that names the variable.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { LOCALE_CODES } from './i18n/locales.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must be a postgres:// or postgresql:// URL with a host, such as postgres://user@127.0.0.1:5432/codka');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce
    .number({ message: 'must be a whole number from 0 to 65535' })
    .int('must be a whole number from 0 to 65535')
    .min(0, 'must be a whole number from 0 to 65535')
    .max(65535, 'must be a whole number from 0 to 65535')
    .default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  SECRET: z.string().min(32, 'must be at least 32 characters (try: openssl rand -hex 32)').optional(),
  PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://codka.example.org' }).optional(),
  LOG_LEVEL: z.enum(logLevels, { message: `must be one of ${logLevels.join(', ')}` }).default('info'),
  REQUIRE_2FA: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  SUBMISSIONS_PER_ADDRESS: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(30),
  TRUST_PROXY: z
    .string()
    .transform((value, ctx) => {
      const parsed = parseTrustProxy(value);
      if (parsed === undefined) {
        ctx.addIssue({
          code: 'custom',
          message:
            "must be false, or a comma-separated list of your proxies' addresses or CIDR ranges, such as 10.0.0.5 or 10.0.0.0/8 (not true, not a hop count)",
        });
        return z.NEVER;
      }
      return parsed;
    })
    .optional(),
  LOCAL_CONTACT_NAME: z.string().min(1).default('Hammersmith & Fulham Council, team for fair health care'),
  LOCAL_CONTACT_PHONE: z.string().min(1).default('020 8748 3020'),
});

/**
 * The local contact's name in one locale's words (LOCAL_CONTACT_NAME_SO, _AR, …): a resident
 * reading Somali should not meet an English team name. Unset ones fall back to LOCAL_CONTACT_NAME.
 */
const localContactNameVariable = (locale: string) => `LOCAL_CONTACT_NAME_${locale.toUpperCase()}`;

/** Every environment variable Codka reads (for tools that start it with a clean environment). */
export const CONFIG_VARIABLES: readonly string[] = [
  ...Object.keys(envSchema.shape),
  ...LOCALE_CODES.map(localContactNameVariable),
];

export interface LocalContact {
  name: string;
  phone: string;
  /** Whether LOCAL_CONTACT_NAME was set; if not, each locale words the default name itself. */
  nameConfigured: boolean;
  /** The name as configured for a locale, where it differs from `name`. */
  nameByLocale?: Partial<Record<string, string>>;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  secret: string;
  publicUrl: string;
  logLevel: (typeof logLevels)[number];
  localContact: LocalContact;
  /** Admins must use two-factor sign-in. */
  require2fa: boolean;
  /** Survey submissions allowed per (hashed) address in ten minutes. */
  submissionsPerAddress: number;
  /**
   * Which proxies' X-Forwarded-For to believe, for the address the rate limits key on (Fastify's
   * `trustProxy`): false (the socket's address), or the proxies' addresses.
   */
  trustProxy: TrustProxy;
}

export type TrustProxy = false | string[];

/** proxy-addr's names for whole address ranges, which Fastify accepts beside addresses. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: `false`, or the proxies' addresses, CIDR ranges or range names. Never `true`
 * (that believes any X-Forwarded-For, so anyone could choose the address their limits count
 * against) and never a hop count: Fastify 5 ignores hop counts, because trusting "one hop"
 * cannot tell a proxy from a client who sends the header itself.
 */
export function parseTrustProxy(value: string): TrustProxy | undefined {
  const text = value.trim();
  if (text === 'false') return false;
  const entries = text.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    if (RANGE_NAMES.has(entry)) return true;
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    if (bits === undefined) return true;
    return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  });
  return valid && entries.length > 0 ? entries : undefined;
}

/** A configuration mistake: its message is one line, safe to print as it is. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  // Empty strings come from `FOO= npm start` or compose files; treat them as unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is not valid'}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  if (e.NODE_ENV === 'production' && !e.SECRET) {
    throw new ConfigError('Invalid configuration: SECRET is required when NODE_ENV=production');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    secret: e.SECRET ?? developmentSecret(dataDir),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    localContact: {
      name: e.LOCAL_CONTACT_NAME,
      nameConfigured: present.LOCAL_CONTACT_NAME !== undefined,
      phone: e.LOCAL_CONTACT_PHONE,
      nameByLocale: Object.fromEntries(
        LOCALE_CODES.flatMap((locale) => {
          const name = present[localContactNameVariable(locale)]?.trim();
          return name ? [[locale, name]] : [];
        }),
      ),
    },
    submissionsPerAddress: e.SUBMISSIONS_PER_ADDRESS,
    require2fa: e.REQUIRE_2FA === 'true',
    trustProxy: e.TRUST_PROXY ?? false,
  };
}

/**
 * Outside production a secret is made once and kept in DATA_DIR, so receipt codes keep
 * working across restarts without anyone having to invent a secret on a laptop.
 */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  process.emitWarning(`SECRET is not set: generated one into ${file}. Set SECRET in production.`);
  return secret;
}
