/**
 * `tix`: buy concert tickets from the terminal. Assembles the commands, then turns any failure into one line on
 * stderr (and a JSON error on stdout under --json) with a documented exit code. Never prints a stack trace.
 */
import { Command, CommanderError, Option } from 'commander';
import { currentCtx } from './action.js';
import { registerAdmin } from './commands/admin.js';
import { registerAuth } from './commands/auth.js';
import { registerBuy } from './commands/buy.js';
import { registerCatalog } from './commands/catalog.js';
import { registerQueue } from './commands/queue.js';
import { registerReservations } from './commands/reservations.js';
import { registerSearch } from './commands/search.js';
import { registerWallet } from './commands/wallet.js';
import { DEFAULT_SERVER } from './config.js';
import { CliError, errorJson, ExitCode, toCliError } from './errors.js';
import { installInterruptHandler } from './interrupt.js';
import { createStyle, toJson, wantsColor } from './output.js';

function buildProgram(): Command {
  const program = new Command('tix')
    .description('Buy concert tickets from the terminal: fair waiting room, seat holds, prepaid wallet.')
    .version('0.1.0')
    .addOption(
      new Option(
        '--server <url>',
        `tix server URL (default: TIX_SERVER, the saved one, or ${DEFAULT_SERVER})`,
      ),
    )
    .option('--json', 'print the result as JSON (for scripts)')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();
  registerAuth(program);
  registerCatalog(program);
  registerSearch(program);
  registerQueue(program);
  registerBuy(program);
  registerReservations(program);
  registerWallet(program);
  registerAdmin(program);
  program.addHelpText(
    'after',
    `
Getting started (server running with \`pnpm start\`):
  tix login demo                     # demo buyer, password demo-pass-123
  tix concerts
  tix buy aurora                     # asks for date and seats, then pays
  tix buy aurora --date 1 --seats 12,13 --json    # the same, scripted
  tix login admin && tix admin stats aurora       # operators (password admin-pass-123)

Exit codes:
  0 ok · 1 other failure · 2 bad input · 3 not signed in / not allowed · 4 not found · 5 server unreachable
  10 sold out or seat taken · 11 not admitted from the waiting room · 12 insufficient balance
  13 hold ran out or reservation not payable · 130 interrupted (Ctrl-C)

Config: $TIX_CONFIG_DIR, else $XDG_CONFIG_HOME/tix, else ~/.config/tix (config.json, mode 0600).`,
  );
  // Subcommands report usage errors the same way as the program.
  const inherit = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride().showHelpAfterError(`(run \`tix ${sub.name()} --help\` for usage)`);
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  installInterruptHandler(() => {
    // Under --json a script still gets a last line saying why the output stopped.
    if (currentCtx?.json) {
      const stopped = new CliError('Stopped with Ctrl-C.', ExitCode.INTERRUPTED, 'INTERRUPTED');
      process.stdout.write(`${toJson(errorJson(stopped))}\n`);
    }
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return ExitCode.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed the message (or the help); only the exit code is ours.
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return ExitCode.OK;
      return err.code === 'commander.executeSubCommandAsync' ? ExitCode.FAILURE : ExitCode.BAD_INPUT;
    }
    const ctx = currentCtx;
    const cliError = toCliError(err, ctx?.server ?? DEFAULT_SERVER);
    if (ctx?.json) {
      process.stdout.write(`${toJson(errorJson(cliError))}\n`);
    }
    const style = createStyle(!ctx?.json && wantsColor(process.stderr) && !argv.includes('--no-color'));
    process.stderr.write(`${style.red('✗')} ${cliError.message}\n`);
    if (process.env.TIX_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
    return cliError.exitCode;
  }
}

// Subscriptions and timers may keep the event loop alive after the command is done; the exit code is final.
main(process.argv).then(
  (code) => process.exit(code),
  () => process.exit(ExitCode.FAILURE),
);
