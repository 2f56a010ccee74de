// Bidirectional text: a phone number with spaces inside an Arabic or Farsi sentence would be
// shown with its groups reversed ("123 116"). Wrapping it in a left-to-right isolate
// (U+2066 … U+2069) keeps it as written, and changes nothing in left-to-right text.
export const isolateLtr = (text: string) => `\u2066${text}\u2069`;

/** The configured local contact, ready to put into any locale's sentence. */
export const contactForText = (contact: { name: string; phone: string }) => ({
  name: contact.name,
  phone: isolateLtr(contact.phone),
});
