// The form for choosing a password, shared by first-run setup, invitations, resets and a
// signed-in user changing their own.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../staff/passwords.js';

export const newPasswordFields = {
  password: z
    .string({ error: 'password_too_short' })
    .refine((p) => [...p].length >= PASSWORD_MIN_LENGTH, 'password_too_short')
    .refine((p) => [...p].length <= PASSWORD_MAX_LENGTH, 'password_too_long'),
  confirm: z.string({ error: 'password_mismatch' }),
};

export const newPasswordForm = z
  .object(newPasswordFields)
  .refine((f) => f.password === f.confirm, { message: 'password_mismatch', path: ['confirm'] });

export const passwordHint = (request: FastifyRequest) =>
  request.t('staff:fields.passwordHint', { min: PASSWORD_MIN_LENGTH });
