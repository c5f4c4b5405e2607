/**
 * signup, login, logout, whoami. The password comes from a hidden prompt on a terminal, or for scripts from
 * TIX_PASSWORD or --password-stdin (never a flag: flags show up in `ps` and shell history).
 */
import type { Command } from 'commander';
import { action } from '../action.js';
import type { Ctx } from '../context.js';
import { badInput, CliError, ExitCode, toCliError } from '../errors.js';
import { ask, askSecret, readStdin } from '../prompt.js';

interface CredentialOptions {
  passwordStdin?: boolean;
}

/** Fails fast when the server does not answer, so nobody types a password for nothing. */
async function checkServer(ctx: Ctx): Promise<void> {
  try {
    // Any answer will do; the wait only matters for a host that never answers (a refused port fails at once).
    await fetch(new URL('/healthz', ctx.server), { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw toCliError(err, ctx.server);
  }
}

async function credentials(ctx: Ctx, username: string | undefined, options: CredentialOptions) {
  await checkServer(ctx);
  let name = username?.trim();
  if (!name) {
    if (!ctx.interactive) throw badInput('Give a username, e.g. `tix login demo`.');
    name = await ask('Username: ');
  }
  let password: string | undefined;
  if (options.passwordStdin) password = (await readStdin()).replace(/\r?\n$/, '');
  else if (process.env.TIX_PASSWORD) password = process.env.TIX_PASSWORD;
  else if (ctx.interactive) password = await askSecret('Password: ');
  if (!password) {
    throw badInput(
      'No password: type it at the prompt, or for scripts set TIX_PASSWORD or pipe it with --password-stdin.',
    );
  }
  return { username: name, password };
}

async function signIn(
  ctx: Ctx,
  kind: 'signUp' | 'signIn',
  username: string | undefined,
  options: CredentialOptions,
) {
  const creds = await credentials(ctx, username, options);
  const { userId, sessionToken } = await ctx.client.auth[kind].mutate(creds);
  ctx.store.setSession(sessionToken, creds.username);
  ctx.store.rememberServer();
  ctx.result({ userId, username: creds.username, server: ctx.server }, () =>
    kind === 'signUp'
      ? `${ctx.style.green('✔')} Welcome, ${ctx.style.bold(creds.username)}! Account created and signed in to ${ctx.server}.\n  Next: \`tix wallet charge 100000\` to add money, then \`tix buy\`.`
      : `${ctx.style.green('✔')} Signed in as ${ctx.style.bold(creds.username)} on ${ctx.server}.`,
  );
}

const signInCommands = [
  {
    name: 'signup',
    kind: 'signUp',
    description: 'create an account and sign in',
    username: '3+ characters; asked for when omitted',
    examples: ['tix signup            # asks for a username and password', 'TIX_PASSWORD=… tix signup alice'],
  },
  {
    name: 'login',
    kind: 'signIn',
    description: 'sign in; the session is saved in the config file (mode 0600)',
    username: 'asked for when omitted',
    examples: [
      'tix login demo                          # the demo buyer; password demo-pass-123',
      'echo "$PW" | tix login alice --password-stdin',
      'tix login demo --server http://tickets.example:3000   # also remembers the server',
    ],
  },
] as const;

export function registerAuth(program: Command): void {
  for (const c of signInCommands) {
    program
      .command(c.name)
      .description(c.description)
      .argument('[username]', c.username)
      .option('--password-stdin', 'read the password from standard input')
      .addHelpText('after', `\nExamples:\n${c.examples.map((e) => `  ${e}`).join('\n')}`)
      .action(
        action<[string | undefined], CredentialOptions>((ctx, o, username) =>
          signIn(ctx, c.kind, username, o),
        ),
      );
  }

  program
    .command('logout')
    .description('forget the saved session and waiting-room places for this server')
    .addHelpText('after', '\nExamples:\n  tix logout\n  tix logout --server http://tickets.example:3000')
    .action(
      action(async (ctx) => {
        const had = ctx.store.profile.username;
        ctx.store.clearSession();
        ctx.result({ signedOut: true, server: ctx.server }, () =>
          had ? `Signed out ${had} from ${ctx.server}.` : `You were not signed in to ${ctx.server}.`,
        );
      }),
    );

  program
    .command('whoami')
    .description('show who is signed in, and where')
    .addHelpText(
      'after',
      '\nExamples:\n  tix whoami\n  tix whoami --json    # {"userId", "username", "role", "server"}',
    )
    .action(
      action(async (ctx) => {
        ctx.requireSession();
        try {
          const me = await ctx.client.auth.me.query();
          ctx.result(
            { ...me, server: ctx.server },
            () => `${ctx.style.bold(me.username)} (${me.role.toLowerCase()}) on ${ctx.server}`,
          );
        } catch (err) {
          const e = err as { data?: { domainCode?: string } };
          if (e.data?.domainCode === 'UNAUTHENTICATED') {
            throw new CliError(
              'Your saved session has expired. Run `tix login` again.',
              ExitCode.AUTH,
              'UNAUTHENTICATED',
            );
          }
          throw err;
        }
      }),
    );
}
