// Code actions: the quick fix on a stride warning (LS001) and the loop refactorings offered
// on a `for` header (interchange, reorder for layout, split, tile, unroll). The engine decides
// what is offered and whether it is legal; a refused one is shown disabled with the engine's
// reason (which dependence, which arrays). Two phases, as in clangd's tweaks: the list carries
// only specs in `data`; `codeAction/resolve` recomputes the edit from the spec on the current
// text, so the server keeps no action cache.

import { CodeActionKind, type CodeAction, type CodeActionParams, type TextEdit } from "vscode-languageserver";
import type { BackgroundPlans } from "./plans";
import { deadlineBudget, overlapCondition, type Budget, type FileReport, type TransformResult, type TransformSpec } from "../engine";
import type { OpenDocument } from "./documents";
import { BUDGET_MS } from "./requests";
import { toOffset, toRange } from "./convert";
import { FP_NOTE, fixOffered, predictedText, quickFixTitle, SOURCE } from "../findings";

/** `plan`: the "Optimise" action's steps, replayed on resolve (then `spec` is the first step). */
export interface ActionData { uri: string; spec: TransformSpec; plan?: TransformSpec[];
  /** The plan runs under a run-time check that pointer parameters do not overlap (Engine.applyPlan). */
  versioned?: boolean }

/** The share of the code actions' budget the quick fixes' decision may take (the refactorings need the rest). */
const QUICK_FIX_SHARE = 0.5;
const slice = (budget: Budget): Budget => {
  const own = deadlineBudget(BUDGET_MS.codeAction * QUICK_FIX_SHARE);
  return { isCancelled: () => budget.isCancelled() || own.isCancelled() };
};

const PENDING = "computing the plan in the background (its search takes longer than a code action may): ask again in a moment";

export function codeActions(doc: OpenDocument, report: FileReport, params: CodeActionParams, disabledSupport: boolean, budget?: Budget, plans?: BackgroundPlans): CodeAction[] {
  const out: CodeAction[] = [];
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  // Quick fixes for the stride warnings in the request.
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) {
      if (d.source !== SOURCE || d.code !== "LS001") continue;
      const start = toOffset(doc.text, d.range.start), end = toOffset(doc.text, d.range.end);
      for (const nest of report.nests) {
        const a = nest.strideAdvice.find((x) => x.start === start && x.end === end);
        if (!a) continue;
        // The fix as the engine decides it (the best reorder by predicted time on a target with a memory model).
        const fix = doc.source.quickFix(a, budget && slice(budget));
        if (!fixOffered(fix)) continue;
        out.push({
          title: quickFixTitle(a, fix), kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true,
          data: { uri: doc.uri, spec: fix.spec } satisfies ActionData,
        });
      }
    }
  }
  // Refactorings on a loop header.
  if (wants(CodeActionKind.RefactorRewrite)) {
    const offset = toOffset(doc.text, params.range.start);
    for (const o of doc.source.actionsAt(offset, budget)) {
      if (!o.ok && !disabledSupport) continue;
      const fp = o.notes.some((n) => n.includes("floating-point"));
      out.push({
        title: o.title + (fp ? FP_NOTE : "") + predictedText(o.predicted),
        kind: `${CodeActionKind.RefactorRewrite}.loopsmith.${o.id}`,
        ...(o.ok ? { data: { uri: doc.uri, spec: o.spec } satisfies ActionData } : { disabled: { reason: [o.reason, ...(o.blockers ?? []).slice(0, 2)].join(": blocked by ") } }),
      });
    }
    // The whole-nest search, on the nest's outermost loop header (a target with a memory model).
    // A plan that does not fit the budget is made in the background (lsp/plans.ts) and offered
    // from then on; meanwhile the action says it is being computed.
    const nest = plans ? doc.source.optimizableNestAt(offset, report) : null;
    const known = nest ? plans!.get(doc.uri, doc.text.version, nest) : undefined;
    const pending = (at: string) => ({ nest: at, outcome: { ok: false as const, reason: PENDING, before: null, tried: 0 } });
    let opt = known === "pending" ? pending(nest!) : known ? { nest: nest!, outcome: known } : doc.source.optimizeAt(offset, budget, report);
    if (opt && "outOfBudget" in opt && plans) {
      plans.request(doc.uri, doc.text.version, opt.nest, doc.source.snapshot());
      opt = pending(opt.nest);
    }
    if (opt && (opt.outcome.ok || disabledSupport)) {
      const o = opt.outcome;
      const target = doc.source.targetName ?? "the target";
      const title = `Optimise for ${target.replace(/\s*\(.*$/, "")}`;
      if (o.ok) {
        const gain = o.before !== null && o.after !== null && o.after > 0 ? ` (predicted ${(o.before / o.after).toFixed(1)}x)` : "";
        const checked = o.versioned ? `, when ${overlapCondition(o.versioned)}` : "";
        out.push({
          title: `${title}: ${o.steps.map((s) => s.flag.replace(/^--/, "").replace(/ --at \d+/, "")).join("; ")}${gain}${checked}`,
          kind: `${CodeActionKind.RefactorRewrite}.loopsmith.optimize`,
          data: { uri: doc.uri, spec: o.steps[0].spec, plan: o.steps.map((s) => s.spec), ...(o.versioned ? { versioned: true } : {}) } satisfies ActionData,
        });
      } else out.push({ title, kind: `${CodeActionKind.RefactorRewrite}.loopsmith.optimize`, disabled: { reason: o.reason } });
    }
  }
  return out;
}

/** Fills in the edit of a chosen action (or explains why it no longer applies). */
export function resolveCodeAction(action: CodeAction, doc: OpenDocument | undefined, budget?: Budget): { action: CodeAction; error?: string } {
  const data = action.data as ActionData | undefined;
  if (!data || !doc) return { action, error: "the document is no longer open" };
  const r: TransformResult = data.plan ? doc.source.applyPlan(data.plan, budget, data.versioned === true) : doc.source.apply(data.spec, budget);
  if (!r.ok) return { action, error: `Loopsmith: ${r.reason}${r.blockers.length ? ` (blocked by ${r.blockers[0]})` : ""}` };
  const edits: TextEdit[] = r.edits.map((e) => ({ range: toRange(doc.text, e.start, e.end), newText: e.newText }));
  return { action: { ...action, edit: { changes: { [data.uri]: edits } } } };
}
