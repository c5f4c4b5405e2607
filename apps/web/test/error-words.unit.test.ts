/**
 * Plain words for refused input (apps/web/src/lib/errors.ts): the validator's text never reaches a person. Each
 * case is a message the server really sends (zod's own, or the schemas' in packages/api), with its field path.
 */
import { describe, expect, it } from 'vitest';
import { fieldProblem } from '../src/lib/errors';

describe('fieldProblem', () => {
  it.each([
    ['concertId', 'a concert id (uuid)', "We couldn't find that concert."],
    ['reservationId', 'Invalid UUID', "We couldn't find that reservation."],
    [
      'maxActive',
      'Invalid input: expected number, received NaN',
      'Enter a whole number for the number of shoppers at once.',
    ],
    ['admitPerSecond', 'Too small: expected number to be >=1', 'The admission rate must be at least 1.'],
    ['holdSeconds', 'Too big: expected number to be <=3600', 'The hold time must be at most 3600.'],
    [
      'performances.0.startsAt',
      'Invalid input: expected date, received string',
      'Enter a valid date and time for the show date.',
    ],
    [
      'title',
      'Too big: expected string to have <=200 characters',
      'The title can have at most 200 characters.',
    ],
    ['password', 'at least 8 characters', 'Choose a password of at least 8 characters.'],
    ['password', 'required', 'Please fill in the password.'],
    [
      'username',
      'letters, digits, dot, dash and underscore only',
      'A username has 3 to 32 characters: letters, digits, dots, dashes and underscores.',
    ],
    ['amount', 'Too small: expected number to be >=1', 'Enter an amount in whole won, more than zero.'],
    ['category', 'Invalid option: expected one of "pop"|"rock"', 'Choose a category from the list.'],
    ['somethingNew', 'Invalid input', 'Please check the something new.'],
    ['url', 'http or https only', 'Webhook address: http or https only.'],
    ['amount', 'a whole number of won', 'Enter an amount in whole won, more than zero.'],
    ['performances.1.startsAt', 'a date', 'Enter a valid date and time for the show date.'],
    [
      'seats',
      'a list of seat labels such as "A-12-7"',
      'Enter a list of seat labels such as "A-12-7" for the seats.',
    ],
  ])('%s: %s', (field, issue, words) => {
    expect(fieldProblem(field, issue)).toBe(words);
  });

  it("uses a form's own names for its fields", () => {
    expect(
      fieldProblem('maxActive', 'Invalid input: expected number, received NaN', {
        maxActive: 'shoppers at once',
      }),
    ).toBe('Enter a whole number for the shoppers at once.');
  });
});
