// The background worker of the "Optimise for <target>" action (bundled as
// server/dist/plan-worker.js; lsp/plans.ts starts it). A search that does not fit the code
// actions' 200 ms (a conv nest's takes seconds) runs here, off the server's thread, so hovers
// and diagnostics stay instant while it runs. One job at a time, each with its own time budget.

import { parentPort } from "node:worker_threads";
import { Engine, deadlineBudget, withBudget, OutOfBudget, type AnalyzeOptions, type OptimizeOutcome } from "../engine";

/** A job: the document's text and options (SourceDocument.snapshot), the nest to optimise. */
export interface PlanJob { readonly key: string; readonly text: string; readonly nest: string; readonly options: AnalyzeOptions; readonly budgetMs: number }
export interface PlanDone { readonly key: string; readonly outcome: OptimizeOutcome }

const engine = Engine.create();
parentPort?.on("message", async (job: PlanJob) => {
  const e = await engine;
  let outcome: OptimizeOutcome;
  try {
    outcome = withBudget(deadlineBudget(job.budgetMs), () => e.optimize(job.text, { nest: job.nest }, job.options));
  } catch (err) {
    const reason = err instanceof OutOfBudget
      ? `the search ran past ${Math.round(job.budgetMs / 1000)} s in the background: run loopsmith transform --optimize --nest ${job.nest}`
      : `internal error in the search (please report it): ${(err as Error)?.message ?? err}`;
    outcome = { ok: false, reason, before: null, tried: 0 };
  }
  parentPort!.postMessage({ key: job.key, outcome } satisfies PlanDone);
});
