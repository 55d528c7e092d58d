// The `loopsmith.*` settings, read through workspace/configuration (or initializationOptions
// for clients without it), with their defaults. The descriptions users read live in the
// root package.json (`contributes.configuration`); keep the two in step.
//
// Reading the settings also resolves the target (lsp/targets.ts: shipped targets and the
// user's files): `targetChoice`, which server.ts hands to Documents.

import { DEFAULT_TARGET, type Target } from "../engine";
import { chooseTarget, targetEntries, type TargetChoice, type TargetEntry } from "./targets";

import type { Severity } from "../findings";
export type { Severity };

export interface Settings {
  /** Target of the time estimates: a shipped target's name, or the name in one of the user's target files. */
  target: string;
  /** Paths of the user's target files (loopsmith.targets). */
  targets: string[];
  /** The target `target` resolves to (not a setting: read with the settings). */
  targetChoice: TargetChoice;
  /** Symbol values, like `-D N=64` on the command line (struct fields as written: `l.batch`). */
  assumptions: Record<string, number>;
  /** Pointer parameters do not overlap, like `--assume-noalias` (every figure and action relying on it says so). */
  assumeNoAlias: boolean;
  /** Functions not defined in the file that have no memory or side effects, like `--pure f`. */
  pureFunctions: string[];
  diagnostics: {
    enable: boolean;
    nonUnitStride: Severity;
    unknownFigures: Severity;
    lowIntensity: Severity;
    /** FLOP per byte of compulsory traffic under which LS003 fires. */
    lowIntensityThreshold: number;
  };
  codeLens: { enable: boolean };
  inlayHints: { enable: boolean };
}

/**
 * Targets "Select target" offers (the `loopsmith/targets` request): the shipped ones, then the
 * user's files of the settings read last. The first is the default (the course notes' back-of-envelope).
 */
export const TARGETS: TargetEntry[] = targetEntries([]);

const DEFAULT_CHOICE: TargetChoice = { target: DEFAULT_TARGET, requested: DEFAULT_TARGET.name, note: null, user: [], problems: [] };

export const DEFAULT_SETTINGS: Settings = {
  target: TARGETS[0].id,
  targets: [],
  targetChoice: DEFAULT_CHOICE,
  assumptions: {},
  assumeNoAlias: false,
  pureFunctions: [],
  diagnostics: { enable: true, nonUnitStride: "warning", unknownFigures: "hint", lowIntensity: "information", lowIntensityThreshold: 1 },
  codeLens: { enable: true },
  inlayHints: { enable: true },
};

const SEVERITIES = new Set<Severity>(["error", "warning", "information", "hint", "off"]);
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const bool = (x: unknown, d: boolean) => (typeof x === "boolean" ? x : d);
const sev = (x: unknown, d: Severity) => (typeof x === "string" && SEVERITIES.has(x as Severity) ? (x as Severity) : d);

/** Lenient: anything malformed falls back to its default (a bad setting never stops the server). */
export function parseSettings(raw: unknown): Settings {
  const d = DEFAULT_SETTINGS;
  const r = isObject(raw) ? raw : {};
  const diag = isObject(r.diagnostics) ? r.diagnostics : {};
  // Built from entries: a C name such as `__proto__` is an own key, never the prototype.
  const kept: [string, number][] = [];
  if (isObject(r.assumptions)) {
    for (const [k, v] of Object.entries(r.assumptions)) {
      const n = typeof v === "string" ? Number(v) : v;
      if (/^[A-Za-z_]\w*(?:(?:\.|->)[A-Za-z_]\w*)*$/.test(k) && typeof n === "number" && Number.isSafeInteger(n)) kept.push([k, n]);
    }
  }
  const assumptions: Record<string, number> = Object.fromEntries(kept);
  const threshold = diag.lowIntensityThreshold;
  const target = typeof r.target === "string" && r.target ? r.target : d.target;
  const targets = Array.isArray(r.targets) ? r.targets.filter((x): x is string => typeof x === "string" && x.trim() !== "") : [];
  const targetChoice = target === d.target && targets.length === 0 ? DEFAULT_CHOICE : chooseTarget(target, targets);
  TARGETS.splice(0, TARGETS.length, ...targetEntries(targetChoice.user));
  return {
    target, targets, targetChoice,
    assumptions,
    assumeNoAlias: bool(r.assumeNoAlias, d.assumeNoAlias),
    pureFunctions: Array.isArray(r.pureFunctions) ? r.pureFunctions.filter((x): x is string => typeof x === "string" && /^[A-Za-z_]\w*$/.test(x)) : [],
    diagnostics: {
      enable: bool(diag.enable, d.diagnostics.enable),
      nonUnitStride: sev(diag.nonUnitStride, d.diagnostics.nonUnitStride),
      unknownFigures: sev(diag.unknownFigures, d.diagnostics.unknownFigures),
      lowIntensity: sev(diag.lowIntensity, d.diagnostics.lowIntensity),
      lowIntensityThreshold: typeof threshold === "number" && threshold >= 0 ? threshold : d.diagnostics.lowIntensityThreshold,
    },
    codeLens: { enable: bool(isObject(r.codeLens) ? r.codeLens.enable : undefined, d.codeLens.enable) },
    inlayHints: { enable: bool(isObject(r.inlayHints) ? r.inlayHints.enable : undefined, d.inlayHints.enable) },
  };
}

/** The note shown next to an estimate when the selected target could not be used (why, and what is used instead). */
export function targetNote(settings: Settings, engineTarget: string): string | null {
  if (settings.targetChoice.note) return settings.targetChoice.note;
  return settings.targetChoice.target.name === engineTarget ? null : `estimate for ${engineTarget}, not the selected ${settings.targetChoice.target.name} (the figures are being refreshed)`;
}
