/**
 * The operator forms' refusals in words a person understands. The API names each field at fault with a validator's
 * sentence ("maxActive: Invalid input: expected number, received NaN"); the forms show these sentences instead,
 * one per field, and a domain refusal keeps the sentence of lib/errors.ts.
 */
import { describeError } from '../../lib/errors';

/** What each field takes, said the way the form's labels say it. */
const fieldSentences: [RegExp, string][] = [
  [/^title$/, 'Give the concert a title (up to 200 characters).'],
  [/^venue$/, 'Name the venue (up to 200 characters).'],
  [/^description$/, 'The description can be up to 2,000 characters.'],
  [/^performers/, 'Performers: up to 20 names, each up to 100 characters, separated by commas.'],
  [/^city$/, 'The city can be up to 100 characters.'],
  [/^category$/, 'Choose a category from the list.'],
  [/^queueOpensAt$/, 'Choose when the waiting room opens.'],
  [/^saleOpensAt$/, 'Choose when the sale opens.'],
  [/^maxActive$/, 'Capacity: a whole number of people from 1 to 100,000.'],
  [/^admitPerSecond$/, 'Admission rate: a whole number of people per minute, in steps of 60.'],
  [/^activeTtlSeconds$/, 'Shopping time: from 10 seconds to 24 hours.'],
  [/^holdSeconds$/, 'Hold time: a whole number of seconds from 10 to 3,600.'],
  [/^maxSeatsPerOrder$/, 'Places per order: a whole number from 1 to 20.'],
  [/^performances\.(\d+)\.startsAt$/, 'Date $1: choose a day and time.'],
  [/^(performances\.\d+\.)?prices/, 'Each price must be whole won, from 0 to 10,000,000.'],
  [/^(performances\.\d+\.)?venue/, 'Check the sections: codes, rows and seats per row, and standing places.'],
];

function sentenceFor(field: string): string {
  for (const [pattern, sentence] of fieldSentences) {
    const match = pattern.exec(field);
    if (match) return sentence.replace('$1', String(Number(match[1] ?? 0) + 1));
  }
  return 'Please check the highlighted fields.';
}

export interface FormRefusal {
  /** One sentence per distinct problem, for the notice under the form. */
  message: string;
  /** The API's field paths, to mark the inputs. */
  fields: string[];
}

/** A refusal of an operator form: sentences per field for validation, the domain sentence otherwise. */
export function formRefusal(err: unknown): FormRefusal {
  const info = describeError(err);
  if (info.code !== 'VALIDATION_FAILED' || info.fields.length === 0) {
    return { message: info.message, fields: info.fields };
  }
  const sentences = [...new Set(info.fields.map(sentenceFor))];
  return { message: sentences.join(' '), fields: info.fields };
}
