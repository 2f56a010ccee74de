// The forms of the codebook pages: a code's name, description and colour (for a new code and a
// change), and the version the editor saw, which every change carries back (src/review/codebook.ts).
import { z } from 'zod';
import { isUuid } from '../../../db/uuid.js';
import { CODE_DESCRIPTION_MAX, CODE_NAME_MAX } from '../../../review/codebook.js';
import { cleaned } from '../fields/cleaned-text.js';

/** Colours offered for a code: distinct on white and for the common kinds of colour blindness. */
export const PALETTE: { value: string; name: string }[] = [
  { value: '#1D70B8', name: 'Blue' },
  { value: '#D4351C', name: 'Red' },
  { value: '#00703C', name: 'Green' },
  { value: '#F47738', name: 'Orange' },
  { value: '#4C2C92', name: 'Purple' },
  { value: '#D53880', name: 'Pink' },
  { value: '#28A197', name: 'Turquoise' },
  { value: '#505A5F', name: 'Grey' },
];

export const CODE_FIELDS = ['name', 'description', 'colour', 'parent'] as const;

export const codeFields = z.object({
  name: cleaned(
    z.string({ error: 'name_required' }).trim().min(1, 'name_required').max(CODE_NAME_MAX, 'name_too_long'),
  ),
  description: cleaned(z.string().trim().max(CODE_DESCRIPTION_MAX, 'description_too_long').optional().default('')),
  // A colour from the palette, the code's own (an imported one), or none.
  colour: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .refine((value) => value === '' || /^#[0-9A-F]{6}$/.test(value), 'colour_invalid')
    .optional()
    .transform((value) => value || null),
});

export const newCodeForm = codeFields.extend({
  parent: z
    .string()
    .trim()
    .refine((value) => value === '' || isUuid(value), 'parent_unknown')
    .optional()
    .transform((value) => value || null),
});

export const version = z.coerce.number({ error: 'version_missing' }).int().positive();

export const changeCodeForm = codeFields.extend({ version });
