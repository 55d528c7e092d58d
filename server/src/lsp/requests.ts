// Request hygiene, the same for every request: its time budget (the work stops and answers
// "not computed" past it), cancellation ($/cancelRequest answers RequestCancelled, -32800),
// params checked before use (InvalidParams with a one-line reason, never a raw TypeError), and
// an internal error reported as one line instead of a stack trace in the client.

import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Position, type Range } from "vscode-languageserver";
import { deadlineBudget, type Budget } from "../engine";

/**
 * Milliseconds of engine work per request: past them the answer is partial or "not computed".
 * LOOPSMITH_BUDGET_SCALE multiplies them (a slow board running the editor, a loaded CI machine).
 */
const SCALE = budgetScale(process.env.LOOPSMITH_BUDGET_SCALE);
export const BUDGET_MS = { hover: 50 * SCALE, codeLens: 50 * SCALE, inlayHint: 50 * SCALE, codeAction: 200 * SCALE, resolve: 1000 * SCALE, reportData: 5000 * SCALE } as const;

function budgetScale(v: string | undefined): number {
  const n = Number(v);
  return v && Number.isFinite(n) && n > 0 ? n : 1;
}

export class InvalidParams extends Error {}

/** LOOPSMITH_TRACE=1: each request's and each diagnostics slice's time on the server's stderr. */
export const TRACE = !!process.env.LOOPSMITH_TRACE;

/** The budget of one request: its time, or until the client cancels it. */
export function budgetFor(ms: number, token: CancellationToken): Budget {
  return deadlineBudget(ms, () => token.isCancellationRequested);
}

/**
 * Wraps a request handler: cancelled requests answer RequestCancelled, InvalidParams answer
 * InvalidParams, anything else thrown answers InternalError with one line (and is logged).
 */
export function guarded<P, R>(method: string, log: (m: string) => void, handler: (params: P, token: CancellationToken) => Promise<R>) {
  return async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
    const t0 = performance.now();
    try {
      // One turn of the event loop first: a $/cancelRequest sent right after the request is read
      // (vscode-jsonrpc marks the token) before the work starts.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (token.isCancellationRequested) return cancelled();
      const r = await handler(params, token);
      if (TRACE) log(`loopsmith: ${method} ${(performance.now() - t0).toFixed(1)} ms (from ${t0.toFixed(0)})`);
      return token.isCancellationRequested ? cancelled() : r;
    } catch (e) {
      if (e instanceof InvalidParams) return new ResponseError(ErrorCodes.InvalidParams, `${method}: ${e.message}`);
      log(`loopsmith: ${method} failed: ${(e as Error).stack ?? e}`);
      return new ResponseError(ErrorCodes.InternalError, `loopsmith: internal error in ${method}: ${String((e as Error).message ?? e).split("\n")[0]} (please report it with the file)`);
    }
  };
}

const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled");

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0;

/** `params.textDocument.uri`, checked. */
export function documentUri(params: unknown): string {
  const td = isObject(params) ? params.textDocument : undefined;
  if (!isObject(td) || typeof td.uri !== "string") throw new InvalidParams("textDocument.uri must be a string");
  return td.uri;
}

/** A position, checked (line and character are non-negative integers). */
export function position(p: unknown, what = "position"): Position {
  if (!isObject(p) || !isCount(p.line) || !isCount(p.character)) throw new InvalidParams(`${what} must be {line, character} with non-negative integers`);
  return { line: p.line, character: p.character };
}

/** A range, checked, with its ends in order (a backward range is read forwards). */
export function range(r: unknown, what = "range"): Range {
  if (!isObject(r)) throw new InvalidParams(`${what} must be {start, end}`);
  const start = position(r.start, `${what}.start`), end = position(r.end, `${what}.end`);
  return before(end, start) ? { start: end, end: start } : { start, end };
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
