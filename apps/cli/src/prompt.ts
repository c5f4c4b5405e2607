/**
 * Terminal prompts, used only when stdin and stdout are terminals (scripts pass flags instead). Hand-rolled on
 * node:readline to keep dependencies few; Ctrl-C in any prompt runs the interrupt clean-up.
 */
import { createInterface } from 'node:readline';
import { interrupt } from './interrupt.js';
import { clock, type Style } from './output.js';

/** Asks one line; Enter alone gives `fallback`. */
export function ask(question: string, fallback = ''): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  return new Promise((resolve) => {
    rl.on('SIGINT', () => {
      rl.close();
      void interrupt();
    });
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim() === '' ? fallback : answer.trim());
    });
  });
}

/** Asks until `parse` accepts the answer; `parse` returns the value or throws an Error whose message is shown. */
export async function askUntil<T>(question: string, parse: (answer: string) => T, style: Style): Promise<T> {
  for (;;) {
    const answer = await ask(question);
    try {
      return parse(answer);
    } catch (err) {
      process.stdout.write(`${style.red('✗')} ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}

export type CountdownAnswer = 'yes' | 'no' | 'expired';

/**
 * A yes/no question with a live countdown to `deadline` redrawn every second, e.g. the hold's time left before
 * paying. The answer is a line: Enter alone or anything starting with "y" says yes, "n" or Esc no; Ctrl-C
 * interrupts (the caller's clean-up releases the hold). Reading up to Enter, rather than acting on the first key,
 * handles "y⏎" arriving in one chunk and keeps the rest of "yes⏎" from leaking into the shell afterwards.
 */
export function confirmWithCountdown(
  question: string,
  deadline: Date,
  style: Style,
): Promise<CountdownAnswer> {
  const stdin = process.stdin;
  return new Promise((resolve) => {
    let typed = '';
    const draw = () => {
      const left = (deadline.getTime() - Date.now()) / 1000;
      const time = left <= 60 ? style.red(clock(left)) : style.yellow(clock(left));
      process.stdout.write(
        `\r\x1b[K${style.dim('hold')} ${time} ${style.dim('left')}  ${question} ${style.bold('[Y/n]')} ${typed}`,
      );
      if (left <= 0) finish('expired');
    };
    const onData = (buf: Buffer) => {
      const read = readAnswerKeys(typed, buf.toString('utf8'));
      typed = read.typed;
      if (read.answer === 'interrupt') {
        finish(null);
        void interrupt();
      } else if (read.answer) finish(read.answer);
      else draw();
    };
    const timer = setInterval(draw, 1000);
    let done = false;
    function finish(answer: CountdownAnswer | null) {
      if (done) return;
      done = true;
      clearInterval(timer);
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write(answer ? `\r\x1b[K${question} ${answer === 'expired' ? '' : answer}\n` : '\n');
      if (answer) resolve(answer);
    }
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
    draw();
  });
}

/**
 * One chunk of keys at the [Y/n] prompt, as raw mode delivers them (a fast typist's "y⏎", or a pasted "yes⏎", can
 * arrive as one chunk): the line typed so far, and the answer once Enter, Esc or Ctrl-C is among the keys. Keys after
 * the answer are dropped, never left for the shell.
 */
export function readAnswerKeys(
  typed: string,
  chunk: string,
): { typed: string; answer?: 'yes' | 'no' | 'interrupt' } {
  for (const ch of chunk) {
    if (ch === '\u0003') return { typed, answer: 'interrupt' };
    if (ch === '\u001b') return { typed, answer: 'no' };
    if (ch === '\r' || ch === '\n') return { typed, answer: answerOf(typed) };
    if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
    else if (ch >= ' ') typed += ch;
  }
  return { typed };
}

/** Enter alone means yes (the default shown as [Y/n]); anything else must start with y or n. Unclear means no. */
export function answerOf(line: string): 'yes' | 'no' {
  const t = line.trim().toLowerCase();
  return t === '' || t.startsWith('y') ? 'yes' : 'no';
}

/** Asks for a secret without echoing it (raw mode); Backspace edits, Enter ends, Ctrl-C interrupts. */
export function askSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  return new Promise((resolve) => {
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\u0003') {
          done();
          void interrupt();
          return;
        }
        if (ch === '\r' || ch === '\n') {
          done();
          resolve(value);
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** All of stdin as text (for --password-stdin). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
