// The staff session cookie. HttpOnly and SameSite=Lax always; Secure with the __Host- prefix
// when the service is reached over https, which also pins it to this host and path /.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https:') ? '__Host-codka-session' : 'codka-session';
}

function options(publicUrl: string) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: publicUrl.startsWith('https:'), path: '/' };
}

export function readSessionCookie(request: FastifyRequest): string | undefined {
  return request.cookies[sessionCookieName(request.server.config.publicUrl)];
}

export function setSessionCookie(reply: FastifyReply, id: string): void {
  const { publicUrl } = reply.server.config;
  reply.setCookie(sessionCookieName(publicUrl), id, options(publicUrl));
}

export function clearSessionCookie(reply: FastifyReply): void {
  const { publicUrl } = reply.server.config;
  reply.clearCookie(sessionCookieName(publicUrl), options(publicUrl));
}
