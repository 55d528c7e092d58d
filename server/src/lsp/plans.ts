// Plans of the "Optimise for <target>" action that did not fit a code action's budget, made in
// the background (lsp/planWorker.ts, one worker thread, started on first use) and kept per
// document version and nest: the next code-action request at that nest offers the plan. While
// one is computed the action is shown disabled, saying so. Results of an older version of a
// document are dropped; a job queued for one is dropped before it runs.

import { Worker } from "node:worker_threads";
import type { AnalyzeOptions, OptimizeOutcome } from "../engine";
import type { PlanDone, PlanJob } from "./planWorker";

/** How long a background search may run before it gives up (and says so). */
export const BACKGROUND_PLAN_MS = 30_000;

interface Wanted { readonly uri: string; readonly version: number; readonly job: PlanJob }

export class BackgroundPlans {
  private worker: Worker | null = null;
  private readonly done = new Map<string, OptimizeOutcome>();
  private readonly queue: Wanted[] = [];
  private running: Wanted | null = null;
  /** The latest version of each document asked about: older results and jobs are stale. */
  private readonly latest = new Map<string, number>();

  constructor(private readonly script: string, private readonly log: (m: string) => void, private readonly budgetMs = BACKGROUND_PLAN_MS) {}

  /** The plan made for this version and nest, "pending" while it is made, undefined if never asked. */
  get(uri: string, version: number, nest: string): OptimizeOutcome | "pending" | undefined {
    const key = keyOf(uri, version, nest);
    if (this.done.has(key)) return this.done.get(key);
    return this.running?.job.key === key || this.queue.some((w) => w.job.key === key) ? "pending" : undefined;
  }

  /** Asks for the plan of `nest` in this version of the document (no-op when known or pending). */
  request(uri: string, version: number, nest: string, snapshot: { text: string; options: AnalyzeOptions }): void {
    this.touch(uri, version);
    if (this.get(uri, version, nest) !== undefined) return;
    this.queue.push({ uri, version, job: { key: keyOf(uri, version, nest), nest, text: snapshot.text, options: snapshot.options, budgetMs: this.budgetMs } });
    this.next();
  }

  /** The document changed or closed: its plans and queued jobs of older versions go. */
  touch(uri: string, version: number | null): void {
    if (version === null) this.latest.delete(uri); else this.latest.set(uri, version);
    for (const k of [...this.done.keys()]) if (k.startsWith(`${uri}#`) && !k.startsWith(`${uri}#${version}#`)) this.done.delete(k);
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i].uri === uri && this.queue[i].version !== version) this.queue.splice(i, 1);
  }

  /** The settings changed (the target, the assumptions): every plan made so far is stale. */
  clear(): void {
    this.done.clear();
    this.queue.length = 0;
    if (this.running) this.latest.delete(this.running.uri);
  }

  dispose(): void { void this.worker?.terminate(); this.worker = null; }

  private next(): void {
    if (this.running || !this.queue.length) return;
    this.running = this.queue.shift()!;
    try {
      this.ensureWorker().postMessage(this.running.job);
    } catch (e) {
      this.finish({ key: this.running.job.key, outcome: failed(e) });
    }
  }

  private finish(d: PlanDone): void {
    const r = this.running;
    this.running = null;
    if (r && r.job.key === d.key && this.latest.get(r.uri) === r.version) this.done.set(d.key, d.outcome);
    this.next();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script);
    w.on("message", (d: PlanDone) => this.finish(d));
    // A worker that fails leaves the job answered (with why), and the next job starts a new one.
    const lost = (e: unknown) => {
      if (this.worker !== w) return;
      this.worker = null;
      this.log(`loopsmith: the background plan worker stopped: ${(e as Error)?.message ?? e}`);
      if (this.running) this.finish({ key: this.running.job.key, outcome: failed(e) });
    };
    w.on("error", lost);
    w.on("exit", (code) => lost(new Error(`exit code ${code}`)));
    w.unref();
    return (this.worker = w);
  }
}

const keyOf = (uri: string, version: number, nest: string) => `${uri}#${version}#${nest}`;
const failed = (e: unknown): OptimizeOutcome => ({ ok: false, reason: `the background search failed (please report it): ${(e as Error)?.message ?? e}`, before: null, tried: 0 });
