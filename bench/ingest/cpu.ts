/** CPU time (user + system, ms) of processes, from /proc (Linux): the benchmark's figures per process. */
import { readFileSync, readdirSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU milliseconds a process has used so far (0 when it is gone or /proc is unavailable). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU milliseconds of the PostgreSQL backends serving `database` (their command line names it). */
export function postgresCpuMs(database: string): number {
  let total = 0;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmdline.startsWith("postgres:") && cmdline.includes(` ${database} `)) total += cpuMs(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
