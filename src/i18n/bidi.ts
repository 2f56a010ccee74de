// Bidirectional text: a phone number with spaces inside an Arabic or Farsi sentence would be
// shown with its groups reversed ("123 116"). Wrapping it in a left-to-right isolate
// (U+2066 … U+2069) keeps it as written, and changes nothing in left-to-right text.
import type { LocalContact } from '../config.js';

export const isolateLtr = (text: string) => `\u2066${text}\u2069`;

/**
 * The local contact in `locale`'s words, ready for its sentence: the name configured for the
 * locale (LOCAL_CONTACT_NAME_SO …); else, while the council has not named the contact itself,
 * the locale file's wording of the default name (`confirmation.localContactName`), so a Somali
 * page never carries an English team name; else LOCAL_CONTACT_NAME as configured.
 */
export const contactForText = (contact: LocalContact, locale: string, translate: (key: string) => string) => ({
  name:
    contact.nameByLocale?.[locale] ??
    (contact.nameConfigured ? contact.name : translate('confirmation.localContactName')),
  phone: isolateLtr(contact.phone),
});
