// The `loopsmith.*` settings, read through workspace/configuration (or initializationOptions
// for clients without it), with their defaults. The descriptions users read live in the
// root package.json (`contributes.configuration`); keep the two in step.

import type { Severity } from "../findings";
export type { Severity };

export interface Settings {
  /** Target of the time estimate (the engine models one target so far). */
  target: string;
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

/** Targets the engine can estimate for; the first is the default (the course notes' back-of-envelope). */
export const TARGETS: readonly { id: string; description: string }[] = [
  { id: "1 GHz, 1 MAC/cycle", description: "one MAC, or one other arithmetic operation, per cycle on a 1 GHz core" },
];

export const DEFAULT_SETTINGS: Settings = {
  target: TARGETS[0].id,
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
  return {
    target: typeof r.target === "string" && r.target ? r.target : d.target,
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

/** The note shown next to an estimate when the selected target is not one the engine models. */
export function targetNote(settings: Settings, engineTarget: string): string | null {
  return settings.target === engineTarget ? null : `target "${settings.target}" is not modelled yet; estimate for ${engineTarget}`;
}
