// The form that names a review round and sets its dates, for creating one and changing it.
import { z } from 'zod';
import { isCalendarDay } from '../../../dates/calendar-day.js';
import { ROUND_NAME_MAX } from '../../../review/rounds.js';
import { cleaned } from '../fields/cleaned-text.js';

export const ROUND_FIELDS = ['name', 'opensOn', 'closesOn'] as const;

export const roundForm = z
  .object({
    name: cleaned(
      z.string({ error: 'name_required' }).trim().min(1, 'name_required').max(ROUND_NAME_MAX, 'name_too_long'),
    ),
    opensOn: z.string({ error: 'date_invalid' }).trim().refine(isCalendarDay, 'date_invalid'),
    closesOn: z.string({ error: 'date_invalid' }).trim().refine(isCalendarDay, 'date_invalid'),
  })
  .refine((form) => form.closesOn >= form.opensOn, { path: ['closesOn'], message: 'closes_before_opens' });

export type RoundForm = z.infer<typeof roundForm>;
