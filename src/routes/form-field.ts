// One control field of a submitted form (a button's value, a token, a code) as a string. A
// repeated key arrives as an array: its first value counts. Only the body's own keys are read,
// so `__proto__` or `constructor` in a body is just an absent field.
export function formField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, name)) return undefined;
  const value = (body as Record<string, unknown>)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
