/**
 * The interactive paths under a real pseudo-terminal (tmux): `tix buy` asking for the concert, date and seats and
 * counting down the hold before paying; `tix queue` drawing the live position and then the admission; Ctrl-C
 * leaving the waiting room. Set TIX_CAPTURE=<file> to save the purchase screen (apps/cli/docs/purchase-session.txt).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createConcert, signedUp, useTixEnv, type Person } from './support/cli.js';
import { killTmuxServer, openTerminal, type Terminal } from './support/tmux.js';

const socket = `tix-cli-test-${process.pid}`;
const env = useTixEnv();
const terminals: Terminal[] = [];

// Registered after useTixEnv's, so it runs before the server closes (after-hooks run as a stack).
afterAll(async () => {
  for (const t of terminals) await t.kill();
  await killTmuxServer(socket);
});

async function terminal(person: Person, name: string, args: string[]): Promise<Terminal> {
  const t = await openTerminal(socket, name, [process.execPath, env.bundle, ...args], {
    TIX_CONFIG_DIR: person.configDir,
    TIX_SERVER: env.server.url,
    TERM: 'xterm-256color',
  });
  terminals.push(t);
  return t;
}

describe('tix on a terminal', { timeout: 180_000 }, () => {
  it('buys with prompts: concert, date, seat map, countdown, pay', async () => {
    const buyer = await signedUp(env, 300_000);
    const t = await terminal(buyer, 'buy', ['buy']);

    const list = await t.waitFor(/Concert \[1-\d\]: $/m);
    const aurora = /(\d)\s+Aurora Live in Seoul/.exec(list)?.[1];
    expect(aurora).toBeDefined();
    await t.type(aurora!, 'Enter');

    await t.waitFor(/Date \[1-2\]: $/m);
    await t.type('3', 'Enter'); // out of range: asked again
    await t.waitFor(/Type a number from 1 to 2\./);
    await t.type('1', 'Enter');

    const map = await t.waitFor(/Seats \(e\.g\. 12,13 or "best 2"\): $/m);
    expect(map).toMatch(/VIP\s+150,000 won\s+10 of 10 free/);
    expect(map).toMatch(/11\s+12\s+13\s+14/);
    await t.type('12,13', 'Enter');

    const confirm = await t.waitFor(/hold \d:\d\d left\s+Pay 220,000 won \(wallet 300,000 won\)\? \[Y\/n\]/);
    expect(confirm).toMatch(/Held Aurora Live in Seoul .* seats 12 and 13 · 220,000 won/);
    // A whole word and Enter: read as one answer, nothing left over for the shell.
    await t.type('yes', 'Enter');

    const done = await t.waitFor(/EXIT=\d+/);
    expect(done).toMatch(/Paid 220,000 won for Aurora Live in Seoul/);
    expect(done).toContain('Enjoy the show!');
    expect(done).toContain('EXIT=0');
    expect(done).not.toMatch(/es: command not found/);

    if (process.env.TIX_CAPTURE) {
      const transcript = done.replace(/\n*EXIT=0[\s\S]*$/, '\n').replace(/[ \t]+$/gm, '');
      writeFileSync(path.resolve(process.env.TIX_CAPTURE), `$ tix buy\n${transcript}`);
    }
  });

  it('draws the live queue position until admitted, and Ctrl-C leaves the queue', async () => {
    const concert = await createConcert(env, { title: 'Single Slot Night', maxActive: 1, admitPerSecond: 1 });
    const first = await signedUp(env);
    await first.ok(['queue', 'single slot']);

    const second = await signedUp(env);
    const waiting = await terminal(second, 'queue', ['queue', 'single slot']);
    const line = await waiting.waitFor(
      /Waiting room: position 1, 0 ahead, (about [\d–]+ (s|min)|any moment now) \(updated [^)]+\) \[[#.]+\] \d+%/,
    );
    expect(line).toContain('Joining the waiting room of Single Slot Night');

    await first.ok(['queue', 'single slot', '--leave']);
    const admitted = await waiting.waitFor(/EXIT=\d+/);
    expect(admitted).toMatch(/Admitted after \d+ (s|min \d\d s) \[#+\] 100%/);
    expect(admitted).toContain('Admitted to Single Slot Night');
    expect(admitted).toContain('EXIT=0');

    // The second person now holds the only slot: a third waits, then presses Ctrl-C.
    const third = await signedUp(env);
    const quitter = await terminal(third, 'quit', ['queue', 'single slot']);
    await quitter.waitFor(/Waiting room: position 1/);
    await quitter.press('C-c');
    const stopped = await quitter.waitFor(/EXIT=\d+/);
    expect(stopped).toContain('Left the waiting room.');
    expect(stopped).toContain('EXIT=130');
    const config = JSON.parse(readFileSync(path.join(third.configDir, 'config.json'), 'utf8')) as {
      profiles: Record<string, { queueTokens?: Record<string, string> }>;
    };
    expect(config.profiles[env.server.url]?.queueTokens?.[concert.concertId]).toBeUndefined();
  });
});
