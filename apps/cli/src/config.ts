/**
 * The CLI's one file of state: the chosen server, and per server the session and the waiting-room tokens. Sessions
 * and queue tokens are keyed by server URL so switching servers never sends one server's secrets to another.
 * The file holds bearer secrets, so it is written with mode 0600 (and its folder 0700).
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const DEFAULT_SERVER = 'http://127.0.0.1:3000';

export interface ServerProfile {
  sessionToken?: string;
  username?: string;
  /** Waiting-room token per concert id, so `seats`, `hold` and `pay` send the one `queue` or `buy` obtained. */
  queueTokens?: Record<string, string>;
}

export interface ConfigFile {
  server?: string;
  profiles?: Record<string, ServerProfile>;
}

/** TIX_CONFIG_DIR (tests, several accounts side by side), else $XDG_CONFIG_HOME/tix, else ~/.config/tix. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TIX_CONFIG_DIR) return path.resolve(env.TIX_CONFIG_DIR);
  const base = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : path.join(homedir(), '.config');
  return path.join(base, 'tix');
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'config.json');
}

export function readConfig(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    // A damaged file must not lock the user out: start afresh (the next write replaces it).
    return {};
  }
}

export function writeConfig(file: string, config: ConfigFile): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Write-then-rename so an interrupted write never leaves half a file; chmod in case the file pre-existed.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Normalises a server URL so that `http://host:3000/` and `http://host:3000` share one profile. */
export function normaliseServer(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The config file bound to one server: reads once, and every change is written at once. */
export class ConfigStore {
  private config: ConfigFile;

  constructor(
    readonly file: string,
    readonly server: string,
  ) {
    this.config = readConfig(file);
  }

  get profile(): Readonly<ServerProfile> {
    return this.config.profiles?.[this.server] ?? {};
  }

  private update(change: (profile: ServerProfile) => void): void {
    // Re-read first: another `tix` (say `tix queue` in a second terminal) may have written meanwhile.
    this.config = readConfig(this.file);
    const profiles = (this.config.profiles ??= {});
    const profile = (profiles[this.server] ??= {});
    change(profile);
    writeConfig(this.file, this.config);
  }

  setSession(sessionToken: string, username: string): void {
    this.update((p) => {
      p.sessionToken = sessionToken;
      p.username = username;
      // A new user must not inherit the last user's waiting-room places.
      p.queueTokens = {};
    });
  }

  clearSession(): void {
    this.update((p) => {
      delete p.sessionToken;
      delete p.username;
      p.queueTokens = {};
    });
  }

  queueToken(concertId: string): string | undefined {
    return this.profile.queueTokens?.[concertId];
  }

  setQueueToken(concertId: string, token: string | null): void {
    this.update((p) => {
      const tokens = (p.queueTokens ??= {});
      if (token) tokens[concertId] = token;
      else delete tokens[concertId];
    });
  }

  /** Remembers `--server` so later commands talk to the same server without the flag. */
  rememberServer(): void {
    this.config = readConfig(this.file);
    if (this.config.server === this.server) return;
    this.config.server = this.server;
    writeConfig(this.file, this.config);
  }
}
