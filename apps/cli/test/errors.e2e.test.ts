/**
 * The built `tix` against a real server: sign-in and the session file, bad input, unknown names, auth failures and
 * an unreachable server, each with its documented exit code and one human line (never a stack trace).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, json, signedUp, useTixEnv, type TixRun } from './support/cli.js';

const env = useTixEnv();

/** One line on stderr, no stack trace, the given exit code. */
function expectFailure(run: TixRun, code: number, message: RegExp) {
  expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(code);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trim().split('\n')).toHaveLength(run.stderr.includes('(run') ? 2 : 1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('tix sessions', { timeout: 180_000 }, () => {
  it('logs in, keeps the session in a 0600 file, says who is signed in, logs out', async () => {
    const demo = env.person('demo');
    const login = await demo.ok(['login', 'demo'], { env: { TIX_PASSWORD: DEMO_PASSWORD } });
    expect(login.stdout).toContain('Signed in as demo');
    const file = path.join(demo.configDir, 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await demo.ok(['whoami'])).stdout).toContain('demo (buyer)');
    expect(json(await demo.ok(['whoami', '--json']))).toMatchObject({ username: 'demo', role: 'BUYER' });
    await demo.ok(['logout']);
    expectFailure(await demo.run(['whoami']), 3, /not signed in.*tix login/);
  });

  it('reads the password from stdin for scripts', async () => {
    const p = env.person();
    const signup = await p.run(['signup', p.username, '--password-stdin'], { input: 'stdin-pass-123\n' });
    expect(signup.code, signup.stderr).toBe(0);
    const login = await p.run(['login', p.username, '--password-stdin'], { input: 'stdin-pass-123\n' });
    expect(login.code, login.stderr).toBe(0);
    const wrong = await p.run(['login', p.username, '--password-stdin'], { input: 'stdin-pass-999\n' });
    expectFailure(wrong, 3, /Wrong username or password/);
  });

  it('refuses a wrong password and a taken username with their own codes', async () => {
    const p = env.person();
    expectFailure(
      await p.run(['login', 'demo'], { env: { TIX_PASSWORD: 'wrong-password' } }),
      3,
      /Wrong username or password/,
    );
    expectFailure(
      await p.run(['signup', 'demo'], { env: { TIX_PASSWORD: 'another-pass-1' } }),
      2,
      /username is taken/,
    );
    expectFailure(
      await p.run(['signup', 'x'], { env: { TIX_PASSWORD: 'another-pass-1' } }),
      2,
      /username.*at least 3/,
    );
  });

  it('asks for a password it cannot get without a terminal', async () => {
    expectFailure(await env.person().run(['login', 'demo']), 2, /No password.*TIX_PASSWORD/);
  });
});

describe('tix errors', { timeout: 180_000 }, () => {
  it('needs a session for the wallet', async () => {
    expectFailure(await env.person().run(['wallet']), 3, /not signed in/);
  });

  it('rejects bad amounts before and at the server', async () => {
    const p = await signedUp(env);
    expectFailure(await p.run(['wallet', 'charge', '1.5']), 2, /not an amount/);
    expectFailure(await p.run(['wallet', 'charge', 'lots']), 2, /not an amount/);
    expectFailure(await p.run(['wallet', 'charge', '20,000,000']), 2, /amount.*at most 10,000,000/);
    const charged = json<{ balance: number }>(await p.ok(['wallet', 'charge', '50,000', '--json']));
    expect(charged.balance).toBe(50_000);
  });

  it('rejects bad flags with exit code 2 and the usage hint', async () => {
    const p = await signedUp(env);
    expectFailure(await p.run(['buy', 'aurora', '--bogus']), 2, /unknown option '--bogus'/);
    expectFailure(await p.run(['buy', 'aurora', '--date', '9', '--best', '1']), 2, /--date must be 1\.\.2/);
    expectFailure(
      await p.run(['buy', 'aurora', '--date', '1', '--best', '0']),
      2,
      /--best must be a whole number/,
    );
    expectFailure(
      await p.run(['buy', 'aurora', '--date', '1', '--seats', 'front']),
      2,
      /"front" is not a seat number/,
    );
    expectFailure(
      await p.run(['buy', 'aurora', '--date', '1', '--seats', '1', '--best', '1']),
      2,
      /either --seats or --best/,
    );
    expectFailure(await p.run(['buy', 'aurora']), 2, /has 2 dates; choose one with --date/);
    expectFailure(await p.run(['buy']), 2, /Name the concert/);
    expectFailure(await p.run(['nonsense']), 2, /unknown command 'nonsense'/);
    const typo = await p.run(['concrts']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown command 'concrts'\n\(Did you mean concerts\?\)/);
  });

  it('names unknown concerts and dates with exit code 4', async () => {
    const p = await signedUp(env);
    expectFailure(await p.run(['dates', 'no-such-concert']), 4, /No concert matches "no-such-concert"/);
    expectFailure(await p.run(['dates', '99']), 4, /No concert matches "99"/);
    expectFailure(await p.run(['seats', 'ffffffff']), 4, /No concert matches/);
  });

  it('says when the server is unreachable (exit 5), also as JSON', async () => {
    const p = env.person();
    const run = await p.run(['concerts', '--json'], { env: { TIX_SERVER: 'http://127.0.0.1:9' } });
    expectFailure(run, 5, /Cannot reach the tix server at http:\/\/127\.0\.0\.1:9/);
    expect(json(run)).toMatchObject({ error: { code: 'UNREACHABLE', exitCode: 5 } });
    // Login finds out before asking for a password (no TIX_PASSWORD here, so it would otherwise fail on that).
    const login = await p.run(['login', 'demo'], { env: { TIX_SERVER: 'http://127.0.0.1:9' } });
    expectFailure(login, 5, /Cannot reach the tix server/);
    expectFailure(await p.run(['concerts'], { env: { TIX_SERVER: 'not a url' } }), 2, /not a server URL/);
  });

  it('lists concerts and dates for people and for scripts', async () => {
    const p = env.person();
    const list = await p.ok(['concerts']);
    expect(list.stdout).toMatch(/1\s+(Midnight Orchestra|Aurora Live in Seoul|부산 재즈 페스티벌)/);
    expect(list.stdout).toContain('Neon Waves Festival');
    const concerts = json<Array<{ title: string }>>(await p.ok(['concerts', '--json']));
    expect(concerts.map((c) => c.title).sort()).toEqual([
      'Aurora Live in Seoul',
      'Midnight Orchestra',
      'Neon Waves Festival',
      '부산 재즈 페스티벌',
      '아이유 콘서트 골든 아워',
    ]);
    const dates = await p.ok(['dates', 'aurora']);
    expect(dates.stdout).toMatch(/1\s+.*50 of 50/);
    expect(json<{ dates: unknown[] }>(await p.ok(['dates', 'neon', '--json'])).dates).toHaveLength(3);
  });

  it('shows help with examples for the program and each command', async () => {
    const p = env.person();
    const help = await p.ok(['--help']);
    expect(help.stdout).toContain('Exit codes:');
    expect(help.stdout).toContain('tix buy aurora --date 1 --seats 12,13');
    const buyHelp = await p.ok(['buy', '--help']);
    expect(buyHelp.stdout).toMatch(/Examples:[\s\S]*--best 2/);
    expect((await p.ok(['wallet', 'charge', '--help'])).stdout).toContain('tix wallet charge 100000');
  });
});
