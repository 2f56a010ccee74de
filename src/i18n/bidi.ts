// Bidirectional text: a phone number with spaces inside an Arabic or Farsi sentence would be
// shown with its groups reversed ("123 116"). Wrapping it in a left-to-right isolate
// (U+2066 … U+2069) keeps it as written, and changes nothing in left-to-right text.
import type { LocalContact } from '../config.js';

export const isolateLtr = (text: string) => `\u2066${text}\u2069`;

/** The configured local contact, in `locale`'s words if configured, ready for its sentence. */
export const contactForText = (contact: LocalContact, locale: string) => ({
  name: contact.nameByLocale?.[locale] ?? contact.name,
  phone: isolateLtr(contact.phone),
});
