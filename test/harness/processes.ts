// Finding and ending every process a run started. code-server and Chromium each run in their own
// process group; stragglers are also recognised by the run dir in their command line or
// environment (Chromium's children overwrite their environment, node's children keep it).
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcInfo {
  readonly pid: number;
  readonly pgid: number;
  readonly cmdline: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readProc(pid: number): { pgid: number; state: string; cmdline: string; environ: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    let environ = '';
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      // another user's process: its cmdline is still matched
    }
    return { state: fields[0] ?? '?', pgid: Number(fields[2]), cmdline, environ };
  } catch {
    return undefined; // exited while we looked
  }
}

/** Live processes (zombies excluded) that belong to the run. */
export function findRunProcesses(marker: string, pgids: ReadonlySet<number>): ProcInfo[] {
  const found: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const info = readProc(pid);
    if (!info || info.state === 'Z') continue;
    if (pgids.has(info.pgid) || info.cmdline.includes(marker) || info.environ.includes(marker)) {
      found.push({ pid, pgid: info.pgid, cmdline: info.cmdline });
    }
  }
  return found;
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone
  }
}

/**
 * SIGTERM the run's process groups, give them `graceMs`, then SIGKILL whatever of the run is
 * left. Returns what survives all that, which the caller reports as a failure. (Signalling only
 * code-server's leader first does not help: its agent-host children outlive it anyway.)
 */
export async function terminateRun(marker: string, pgids: ReadonlySet<number>, graceMs: number): Promise<ProcInfo[]> {
  for (const pgid of pgids) signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (findRunProcesses(marker, pgids).length > 0) {
    if (Date.now() > deadline) break;
    await sleep(100);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const left = findRunProcesses(marker, pgids);
    if (left.length === 0) return [];
    for (const pgid of pgids) signalGroup(pgid, 'SIGKILL');
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await sleep(500);
  }
  return findRunProcesses(marker, pgids);
}
