// The CLI's commands. Each takes an open database and returns an exit code.
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { rewriteResponses, vacuumResponses } from '../accounts/erasure.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { type Database, ROLES, type Role, type SurveyStatus } from '../db/schema.js';
import { interfaceCoverage, surveyCoverage } from '../i18n/coverage.js';
import { LOCALE_CODES, type LocaleCode } from '../i18n/locales.js';
import { readTranslations, type Translations } from '../i18n/resources.js';
import { audit } from '../staff/audit.js';
import { createLink, LINK_LIFETIME_MS } from '../staff/tokens.js';
import { createUser, findUserByEmail } from '../staff/users.js';
import { describeProblems, surveyDefinitionSchema } from '../surveys/definition.js';
import { importSurvey, listSurveys, setSurveyStatus } from '../surveys/repository.js';
import { codebookCommand } from './codebook.js';
import { exportCommand } from './export.js';
import { printChangesSince } from './i18n-changes.js';
import { seedSyntheticCommand } from './seed-synthetic.js';

export interface CommandContext {
  db: Kysely<Database>;
  /** The database handle, for its cursors (absent in tests that pass a bare db: pages instead). */
  handle?: Pick<DatabaseHandle, 'cursor'>;
  config: Config;
  args: string[];
  options: Record<string, string | boolean | (string | boolean)[] | undefined>;
  out: NodeJS.WritableStream;
}

export interface Command {
  summary: string;
  usage: string;
  options?: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  run(context: CommandContext): Promise<number>;
}

const help = { help: { type: 'boolean' as const } };

export const commands: Record<string, Command> = {
  migrate: {
    summary: 'bring the database schema up to date',
    usage: 'npm run cli -- migrate',
    options: help,
    async run({ db, out }) {
      const result = await migrateToLatest(db as Kysely<unknown>);
      const ran = result.results ?? [];
      out.write(
        ran.length === 0 ? 'Already up to date.\n' : ran.map((r) => `${r.status}: ${r.migrationName}\n`).join(''),
      );
      return 0;
    },
  },

  'import-survey': {
    summary: 'validate a survey JSON file and import it (a changed file becomes a new version)',
    usage: 'npm run cli -- import-survey <file.json>',
    options: help,
    async run({ db, args, out }) {
      const [file] = args;
      if (!file) {
        out.write('Name the survey file: npm run cli -- import-survey surveys/your-experience.json\n');
        return 1;
      }
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        out.write(`${file}: cannot be read as JSON: ${(error as Error).message}\n`);
        return 1;
      }
      const parsed = surveyDefinitionSchema.safeParse(json);
      if (!parsed.success) {
        const problems = describeProblems(parsed.error);
        out.write(`${file} has ${problems.length} problem(s):\n${problems.map((p) => `  ${p}\n`).join('')}`);
        return 1;
      }
      await migrateToLatest(db as Kysely<unknown>);
      const result = await importSurvey(db, parsed.data);
      out.write(
        result.changed
          ? `Imported ${result.slug}: version ${result.version} (${parsed.data.status}).\n`
          : `${result.slug} is unchanged (version ${result.version}); nothing to do.\n`,
      );
      return 0;
    },
  },

  'list-surveys': {
    summary: 'list surveys with their status and current version',
    usage: 'npm run cli -- list-surveys',
    options: help,
    async run({ db, out }) {
      await migrateToLatest(db as Kysely<unknown>);
      const surveys = await listSurveys(db);
      if (surveys.length === 0) out.write('No surveys yet.\n');
      for (const s of surveys) {
        const title = s.definition.title[s.definition.defaultLocale] ?? '';
        out.write(`${s.definition.slug}\t${s.status}\tversion ${s.version}\t${title}\n`);
      }
      return 0;
    },
  },

  'set-survey-status': {
    summary: 'open, close or return a survey to draft: set-survey-status <slug> <draft|open|closed>',
    usage: 'npm run cli -- set-survey-status <slug> <draft|open|closed>',
    options: help,
    async run({ db, args, out }) {
      const [slug, status] = args;
      if (!slug || !['draft', 'open', 'closed'].includes(status ?? '')) {
        out.write('Usage: npm run cli -- set-survey-status <slug> <draft|open|closed>\n');
        return 1;
      }
      const done = await setSurveyStatus(db, slug, status as SurveyStatus);
      out.write(done ? `${slug} is now ${status}.\n` : `No survey called ${slug}.\n`);
      return done ? 0 : 1;
    },
  },

  'create-user': {
    summary: 'create a staff user and print a one-time link to set their password',
    usage: 'npm run cli -- create-user --email name@example.org --role admin [--role analyst] [--name "Full Name"]',
    options: { ...help, email: { type: 'string' }, role: { type: 'string', multiple: true }, name: { type: 'string' } },
    async run({ db, config, options, out }) {
      const email = typeof options.email === 'string' ? options.email.trim() : '';
      const roles = ([options.role].flat().filter((r) => typeof r === 'string') as string[]).map((r) => r.trim());
      const unknown = roles.filter((r) => !ROLES.includes(r as Role));
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || roles.length === 0 || unknown.length > 0) {
        out.write(`Usage: ${commands['create-user']?.usage}\nRoles: ${ROLES.join(', ')}\n`);
        if (unknown.length > 0) out.write(`Unknown role(s): ${unknown.join(', ')}\n`);
        return 1;
      }
      await migrateToLatest(db as Kysely<unknown>);
      if (await findUserByEmail(db, email)) {
        out.write(`There is already a user with the email ${email}.\n`);
        return 1;
      }
      const name =
        typeof options.name === 'string' && options.name.trim() ? options.name.trim() : (email.split('@')[0] ?? email);
      const { user, token } = await db.transaction().execute(async (trx) => {
        const created = await createUser(trx, { email, displayName: name, roles: roles as Role[] });
        const link = await createLink(trx, 'invite', created.id);
        await audit(trx, {
          action: 'user_created',
          targetType: 'staff_user',
          targetId: created.id,
          details: { email: created.email, roles: created.roles, via: 'cli' },
        });
        return { user: created, token: link };
      });
      const days = LINK_LIFETIME_MS.invite / 86_400_000;
      out.write(
        `Created ${user.email} (${user.roles.join(', ')}).\nSet the password within ${days} days, once, at:\n${config.publicUrl}/staff/password/${token}\n`,
      );
      return 0;
    },
  },

  'i18n-report': {
    summary: 'translation coverage per locale, for interface strings and each survey; --since REF: what changed',
    usage: 'npm run cli -- i18n-report [--missing] [--since <commit>]',
    options: { ...help, missing: { type: 'boolean' }, since: { type: 'string' } },
    async run({ db, options, out }) {
      if (typeof options.since === 'string') return printChangesSince(options.since, out);
      const english = readTranslations('en') ?? {};
      const locales: Partial<Record<LocaleCode, Translations>> = {};
      for (const code of LOCALE_CODES) locales[code] = readTranslations(code);
      const print = (heading: string, rows: ReturnType<typeof interfaceCoverage>) => {
        out.write(`${heading}\n`);
        for (const row of rows) {
          const percent = row.total === 0 ? 100 : Math.floor((row.translated / row.total) * 100);
          out.write(`  ${row.locale}  ${String(percent).padStart(3)}%  ${row.translated}/${row.total}\n`);
          if (options.missing) for (const key of row.missing) out.write(`        missing: ${key}\n`);
        }
      };
      print('Interface strings', interfaceCoverage(english, locales));
      await migrateToLatest(db as Kysely<unknown>);
      for (const s of await listSurveys(db))
        print(`Survey ${s.definition.slug} (version ${s.version})`, surveyCoverage(s.definition));
      return 0;
    },
  },

  'erase-withdrawn': {
    summary: 'erase every trace of withdrawn accounts from the table files now (locks the table while it runs)',
    usage: 'npm run cli -- erase-withdrawn',
    options: help,
    async run({ db, out }) {
      // The app already VACUUMs after withdrawals, which removes every old row version; the
      // bytes can still sit in a page's free space until overwritten. A full rewrite copies the
      // live rows into a new file and drops the old one. It holds an exclusive lock on
      // `responses` for the whole copy, so residents' submissions wait: run it in a quiet hour.
      const started = Date.now();
      await vacuumResponses(db);
      await rewriteResponses(db);
      out.write(
        `Rewrote the accounts table in ${((Date.now() - started) / 1000).toFixed(1)} s; nothing of a withdrawn account is left in it.\n`,
      );
      return 0;
    },
  },
  'seed-synthetic': seedSyntheticCommand,
  codebook: codebookCommand,
  export: exportCommand,
};
