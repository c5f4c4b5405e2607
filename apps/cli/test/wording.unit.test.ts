/** The CLI's words for spans, seat lists and yes/no answers (issue 17: "Seat 1, 2 are", "opens in 1:00"). */
import { describe, expect, it } from 'vitest';
import { createStyle, displayWidth, duration, seatWords, table } from '../src/output.js';
import { answerOf, readAnswerKeys } from '../src/prompt.js';

describe('CLI wording', () => {
  it('names seats as a person would', () => {
    expect(seatWords([4])).toBe('Seat 4');
    expect(seatWords([1, 2])).toBe('Seats 1 and 2');
    expect(seatWords([1, 2, 3])).toBe('Seats 1, 2 and 3');
  });

  it('says hours and minutes without a clock that reads both ways', () => {
    expect(duration(3600)).toBe('1 h 00 min');
    expect(duration(3900)).toBe('1 h 05 min');
    expect(duration(60)).toBe('1 min');
    expect(duration(42)).toBe('42 s');
  });

  it('reads a whole [Y/n] answer line', () => {
    expect(answerOf('')).toBe('yes');
    expect(answerOf('y')).toBe('yes');
    expect(answerOf('Yes ')).toBe('yes');
    expect(answerOf('n')).toBe('no');
    expect(answerOf('nope')).toBe('no');
  });

  it('reads "y⏎" and "yes⏎" arriving as one chunk of keys as one answer, nothing left over', () => {
    expect(readAnswerKeys('', 'y\r')).toEqual({ typed: 'y', answer: 'yes' });
    expect(readAnswerKeys('', 'yes\r')).toEqual({ typed: 'yes', answer: 'yes' });
    expect(readAnswerKeys('', '\r')).toEqual({ typed: '', answer: 'yes' });
    // Key by key: nothing is decided before Enter, so "y" alone does not pay and leave "es" for the shell.
    const y = readAnswerKeys('', 'y');
    expect(y).toEqual({ typed: 'y' });
    expect(readAnswerKeys(readAnswerKeys(y.typed, 'e').typed, 's\n')).toEqual({
      typed: 'yes',
      answer: 'yes',
    });
    expect(readAnswerKeys('', 'x\u007fn\r')).toEqual({ typed: 'n', answer: 'no' });
    expect(readAnswerKeys('y', '\u001b')).toEqual({ typed: 'y', answer: 'no' });
    expect(readAnswerKeys('', 'y\u0003')).toEqual({ typed: 'y', answer: 'interrupt' });
  });

  it('lines tables up by terminal columns, Hangul taking two', () => {
    expect(displayWidth('아이유 IU')).toBe(9);
    expect(displayWidth('Beyoncé')).toBe(7);
    expect(displayWidth('Beyonce\u0301')).toBe(7);
    expect(displayWidth('\x1b[1mbold\x1b[22m')).toBe(4);
    const text = table(
      ['TITLE', 'CITY'],
      [
        ['아이유 콘서트', 'Seoul'],
        ['Cornucopia', 'Paris'],
      ],
      createStyle(false),
    );
    const starts = text
      .split('\n')
      .map((row) => displayWidth(row.slice(0, row.search(/(Seoul|Paris|CITY)$/))));
    expect(new Set(starts)).toEqual(new Set([starts[0]]));
  });
});
