/**
 * A pseudo-terminal for the interactive tests: `tix` runs inside a detached tmux session (a private tmux server per
 * test file), keys are typed with send-keys and the screen is read with capture-pane. The command's exit code is
 * printed into the pane after it ends ("EXIT=<code>").
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface Terminal {
  /** Types text, then presses the named keys (tmux key names such as Enter or C-c). */
  type(text: string, ...keys: string[]): Promise<void>;
  press(...keys: string[]): Promise<void>;
  /** The screen and scroll-back as plain text. */
  screen(): Promise<string>;
  /** Waits until the screen matches, polling; fails with the screen in the message after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(): Promise<void>;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export async function openTerminal(
  socket: string,
  name: string,
  command: string[],
  env: Record<string, string>,
): Promise<Terminal> {
  const tmux = (...args: string[]) => exec('tmux', ['-L', socket, ...args]);
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const line = `env ${assignments.join(' ')} ${command.map(shellQuote).join(' ')}; echo "EXIT=$?"; sleep 600`;
  await tmux('new-session', '-d', '-s', name, '-x', '110', '-y', '50', line);
  const screen = async () => (await tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', name)).stdout;
  return {
    async type(text, ...keys) {
      if (text) await tmux('send-keys', '-t', name, '-l', text);
      if (keys.length) await tmux('send-keys', '-t', name, ...keys);
    },
    async press(...keys) {
      await tmux('send-keys', '-t', name, ...keys);
    },
    screen,
    async waitFor(pattern, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await screen();
        if (pattern.test(text)) return text;
        if (Date.now() > deadline)
          throw new Error(`Timed out waiting for ${pattern} on the terminal:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    },
    async kill() {
      await tmux('kill-session', '-t', name).catch(() => undefined);
    },
  };
}

export async function killTmuxServer(socket: string): Promise<void> {
  await exec('tmux', ['-L', socket, 'kill-server']).catch(() => undefined);
}
