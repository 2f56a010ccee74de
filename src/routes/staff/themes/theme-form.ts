// The theme forms: a name, a central idea (what the theme says, in a sentence or two), a status
// and the codes it gathers; a change carries the version its editor saw.
import { z } from 'zod';
import type { ThemeStatus } from '../../../db/schema.js';
import { CENTRAL_IDEA_MAX, THEME_NAME_MAX, THEME_STATUSES } from '../../../review/themes.js';
import { version } from '../codebook/code-form.js';
import { cleaned } from '../fields/cleaned-text.js';

export const THEME_FIELDS = ['name', 'centralIdea', 'status', 'codes'] as const;

const codes = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

export const newThemeForm = z.object({
  name: cleaned(
    z.string({ error: 'name_required' }).trim().min(1, 'name_required').max(THEME_NAME_MAX, 'name_too_long'),
  ),
  centralIdea: cleaned(z.string().trim().max(CENTRAL_IDEA_MAX, 'description_too_long').optional().default('')),
  codes,
});

export const changeThemeForm = newThemeForm.extend({
  version,
  status: z.enum(THEME_STATUSES as [ThemeStatus, ...ThemeStatus[]], { error: 'theme_status_required' }),
});
