// Per-locale phrase banks for synthetic accounts (synthetic/phrases/<locale>.json): sentences a
// resident might write, some with personal details for the scanner to find and some about risk
// of harm for the safeguarding queue to find. Development data only.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { LocaleCode } from '../i18n/locales.js';
import { projectPath } from '../paths.js';
import { RISK_CATEGORIES as SAFEGUARDING_CATEGORIES } from '../safeguarding/categories.js';

export { RISK_CATEGORIES as SAFEGUARDING_CATEGORIES } from '../safeguarding/categories.js';

const sentences = (min: number) => z.array(z.string().trim().min(1)).min(min);

const phraseBankSchema = z.object({
  story: sentences(10),
  short: sentences(5),
  better: sentences(5),
  writeIn: sentences(3),
  /** Each holds at least one of {phone}, {nhs}, {email}, {postcode}. */
  personal: z.array(z.string().regex(/\{(phone|nhs|email|postcode)\}/)).min(3),
  safeguarding: z.object(Object.fromEntries(SAFEGUARDING_CATEGORIES.map((c) => [c, sentences(1)]))),
});

export type PhraseBank = z.infer<typeof phraseBankSchema>;

export function readPhraseBank(locale: LocaleCode): PhraseBank {
  const file = projectPath('synthetic', 'phrases', `${locale}.json`);
  const parsed = phraseBankSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
  return parsed.data;
}
