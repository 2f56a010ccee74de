// Random tokens and their hashes, for session ids, one-time links and recovery codes: the
// database keeps only SHA-256 hashes, so reading it never yields a usable token.
import { createHash, randomBytes } from 'node:crypto';

export const newToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
