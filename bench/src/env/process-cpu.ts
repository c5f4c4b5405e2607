/** CPU time processes have used so far (Linux /proc), to judge a scenario's cost apart from the machine's load. */
import { readFileSync } from 'node:fs';

/** User + system milliseconds of these processes since they started; 0 for one that is gone or off Linux. */
export function processCpuMs(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
      return sum + (ticks * 1000) / 100; // USER_HZ is 100 on Linux
    } catch {
      return sum;
    }
  }, 0);
}
