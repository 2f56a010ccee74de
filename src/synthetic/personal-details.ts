// Made-up personal details of the kinds residents type (and the scanner must hide), drawn from
// ranges that belong to nobody: Ofcom's drama numbers, example.org, NHS numbers with a valid
// check digit (so the scanner's check-digit test is exercised) and H&F postcode districts.
import type { SeededRandom } from './random.js';

/** An NHS number with a valid modulus-11 check digit, as "943 476 5919" is written. */
export function nhsNumber(rng: SeededRandom): string {
  for (;;) {
    const digits = Array.from({ length: 9 }, () => rng.int(0, 9));
    const sum = digits.reduce((total, digit, index) => total + digit * (10 - index), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue; // no valid number has this start
    const all = [...digits, check === 11 ? 0 : check].join('');
    return `${all.slice(0, 3)} ${all.slice(3, 6)} ${all.slice(6)}`;
  }
}

/** Ofcom reserves 07700 900000–900999 for drama: never a real phone. */
export function phoneNumber(rng: SeededRandom): string {
  return `07700 900${String(rng.int(0, 999)).padStart(3, '0')}`;
}

const NAMES = ['amina', 'hodan', 'yusuf', 'mariam', 'selam', 'dawit', 'fatima', 'kofi', 'ana', 'piotr'];

export function emailAddress(rng: SeededRandom): string {
  return `${rng.pick(NAMES)}.${rng.int(10, 99)}@example.org`;
}

const DISTRICTS = ['W6', 'W12', 'W14', 'SW6', 'W3', 'W4'];
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export function postcode(rng: SeededRandom): string {
  return `${rng.pick(DISTRICTS)} ${rng.int(1, 9)}${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}`;
}

/** A phrase bank sentence with its {phone}, {nhs}, {email} and {postcode} filled in. */
export function fillPersonalDetails(template: string, rng: SeededRandom): string {
  return template
    .replaceAll('{phone}', () => phoneNumber(rng))
    .replaceAll('{nhs}', () => nhsNumber(rng))
    .replaceAll('{email}', () => emailAddress(rng))
    .replaceAll('{postcode}', () => postcode(rng));
}
