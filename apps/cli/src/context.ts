/**
 * What every command gets: the server it talks to, the config store, an SDK client carrying the saved session,
 * and how to print (JSON or human, colour or not). Built once per run from the global flags.
 */
import { createClient, describeRetry, type TixClient } from '@tix/sdk';
import { ConfigStore, configPath, DEFAULT_SERVER, normaliseServer, readConfig } from './config.js';
import { CliError, ExitCode } from './errors.js';
import { createStyle, toJson, wantsColor, type Style } from './output.js';

export interface GlobalOptions {
  server?: string;
  json?: boolean;
  color?: boolean;
}

export interface Ctx {
  server: string;
  json: boolean;
  /** Prompts are allowed: stdin and stdout are terminals and output is not JSON. */
  interactive: boolean;
  /** stdout is a terminal: live displays may redraw lines in place. */
  live: boolean;
  style: Style;
  errStyle: Style;
  store: ConfigStore;
  client: TixClient;
  /** A line of the result for people (ignored under --json). */
  print(text: string): void;
  /** Progress for people, on stderr (silent under --json so scripts see only the result). */
  note(text: string): void;
  /** Prints the result: `data` as JSON under --json, else the human rendering. */
  result(data: unknown, human: () => string | string[]): void;
  /** The signed-in username, or a CliError telling how to sign in. */
  requireSession(): string;
}

export function resolveServer(flag: string | undefined, env: NodeJS.ProcessEnv, file: string): string {
  const chosen = flag ?? env.TIX_SERVER ?? readConfig(file).server ?? DEFAULT_SERVER;
  let url: URL;
  try {
    url = new URL(chosen);
  } catch {
    throw new CliError(
      `"${chosen}" is not a server URL. Use one like ${DEFAULT_SERVER}.`,
      ExitCode.BAD_INPUT,
      'BAD_INPUT',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(
      `The server URL must start with http:// or https:// (got "${chosen}").`,
      ExitCode.BAD_INPUT,
      'BAD_INPUT',
    );
  }
  return normaliseServer(chosen);
}

export function createCtx(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Ctx {
  const file = configPath(env);
  const server = resolveServer(options.server, env, file);
  const store = new ConfigStore(file, server);
  const json = Boolean(options.json);
  const colorAllowed = options.color !== false && !json;
  const style = createStyle(colorAllowed && wantsColor(process.stdout, env));
  const errStyle = createStyle(colorAllowed && wantsColor(process.stderr, env));
  const client = createClient({
    url: server,
    sessionToken: store.profile.sessionToken ?? null,
    // The SDK waits and retries calls a busy server refused; the person is told why nothing moves meanwhile.
    onRetry: (info) => {
      if (!json) process.stderr.write(`${errStyle.dim(describeRetry(info))}\n`);
    },
  });
  const interactive = !json && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);

  return {
    server,
    json,
    interactive,
    live: !json && Boolean(process.stdout.isTTY),
    style,
    errStyle,
    store,
    client,
    print(text) {
      if (!json) process.stdout.write(`${text}\n`);
    },
    note(text) {
      if (!json) process.stderr.write(`${text}\n`);
    },
    result(data, human) {
      if (json) {
        process.stdout.write(`${toJson(data)}\n`);
        return;
      }
      const text = human();
      process.stdout.write(`${Array.isArray(text) ? text.join('\n') : text}\n`);
    },
    requireSession() {
      const { sessionToken, username } = store.profile;
      if (!sessionToken) {
        throw new CliError(
          `You are not signed in to ${server}. Run \`tix login\` (or \`tix signup\` for a new account).`,
          ExitCode.AUTH,
          'UNAUTHENTICATED',
        );
      }
      return username ?? '(unknown)';
    },
  };
}
