// The editor's targets: the shipped ones plus the user's files (`loopsmith.targets`, paths),
// and which one `loopsmith.target` selects. This file reads the user's files (the engine only
// validates parsed values); a bad file costs only itself: its errors, naming the file and the
// field, are shown where the target would be used, and every other target stays available.

import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { DEFAULT_TARGET, parseTarget, rooflineOnly, SHIPPED_TARGETS, shippedTarget, type Target } from "../engine";

export interface TargetChoice {
  /** The target the estimates are computed for. */
  readonly target: Target;
  /** What the setting asked for. */
  readonly requested: string;
  /** Set when the requested target could not be used (unknown name, bad file): why, and what is used instead. */
  readonly note: string | null;
  /** The user's target files that loaded, in the order given. */
  readonly user: readonly Target[];
  /** Errors of the user's target files (each names the file and the field). */
  readonly problems: readonly string[];
}

/** One entry of "Select target" and of the loopsmith.target enum. */
export interface TargetEntry { id: string; description: string }

export function describe(t: Target): string {
  const memory = t.caches.length ? t.caches.map((c) => `${c.level} ${c.sizeBytes >= 1 << 20 ? `${c.sizeBytes / (1 << 20)} MiB` : `${c.sizeBytes / 1024} KiB`}`).join(", ")
    : rooflineOnly(t) ? "roofline only, no cache model" : "no memory term";
  return `${t.description ?? t.name} · ${t.clockGHz} GHz, ${t.peak.fp32FlopsPerCycle} fp32 FLOP/cycle, ${t.peak.int8MacsPerCycle} int8 MAC/cycle${t.dram ? `, DRAM ${t.dram.bandwidthGBs} GB/s` : ""} · ${memory} · ${t.dataModel}`;
}

/** A path from the setting: `~/` is the home directory; a relative path is taken from the server's working directory (the VS Code client resolves it against the workspace folder first). */
function expand(p: string): string {
  const home = p === "~" || p.startsWith("~/") ? homedir() + p.slice(1) : p;
  return isAbsolute(home) ? home : resolve(home);
}

/** Reads and validates the user's target files; never throws. */
export function loadUserTargets(paths: readonly string[], read: (path: string) => string = (p) => readFileSync(p, "utf8")): { targets: Target[]; problems: string[] } {
  const targets: Target[] = [];
  const problems: string[] = [];
  for (const p of paths) {
    let text: string;
    try { text = read(expand(p)); }
    catch (e) { problems.push(`${p}: cannot read: ${(e as NodeJS.ErrnoException)?.code === "ENOENT" ? "no such file" : String((e as Error)?.message ?? e).split("\n")[0]}`); continue; }
    const r = parseTarget(text, p);
    if (!r.ok) { problems.push(...r.errors); continue; }
    if (SHIPPED_TARGETS.some((t) => t.name === r.target.name) || targets.some((t) => t.name === r.target.name)) { problems.push(`${p}: name: "${r.target.name}" is already a target's name: give this one its own`); continue; }
    targets.push(r.target);
  }
  return { targets, problems };
}

/** The target `loopsmith.target` names among the shipped and the user's, or the default with a note saying why. */
export function chooseTarget(requested: string, paths: readonly string[], read?: (path: string) => string): TargetChoice {
  const { targets: user, problems } = loadUserTargets(paths, read);
  const found = shippedTarget(requested, user);
  if (found) return { target: found, requested, note: null, user, problems };
  const broken = problems.length ? `; loopsmith.targets: ${problems.join("; ")}` : "";
  return { target: DEFAULT_TARGET, requested, user, problems, note: `target "${requested}" is not a shipped or user target${broken}; estimates for ${DEFAULT_TARGET.name}` };
}

/** Every target "Select target" offers: the shipped ones, then the user's. */
export function targetEntries(user: readonly Target[]): TargetEntry[] {
  return [...SHIPPED_TARGETS, ...user].map((t) => ({ id: t.name, description: describe(t) }));
}
