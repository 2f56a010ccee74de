// Text typed into a staff form is cleaned as residents' answers are (cleanText: NFC, no NUL or
// other control characters, trimmed) before the field's own rules: Postgres refuses a NUL, so
// without this a name with one in it passed validation and failed the insert with a 500.
import { z } from 'zod';
import { cleanText } from '../../../surveys/answers.js';

export const cleaned = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' ? cleanText(value) : value), schema);
