// Instruments a C file with counters so a real (gcc-compiled) run can be compared with the
// engine's symbolic figures:
//   - every statement with an expression span E becomes `(__ls_stmt(K), (E))`
//     (expression statements, declaration initialisers, if-conditions);
//   - every array access X becomes `(*(__typeof__(&(X)))__ls_touch(A, (const void *)&(X)))`,
//     which records the element's address in a per-(nest, array) set and stays an lvalue.
// Edits are applied as a nested rewrite: each edit renders its own span after rendering the
// edits strictly inside it, so statement wrappers contain instrumented accesses.

import type { FileReport, NestReport, StatementReport } from "../../src/engine";

/** One instrumented statement: counter K = index in `statements`. */
export interface InstrumentedStatement {
  readonly index: number;
  readonly nest: number;
  readonly stmt: StatementReport;
}

/** One address set: A = index in `arrays`; one per (nest, array name), so nests never share a set. */
export interface InstrumentedArray {
  readonly index: number;
  readonly nest: number;
  readonly name: string;
  /** Printed by __ls_report (no spaces): `<nest id>.<array>`. */
  readonly label: string;
}

export interface Instrumented {
  readonly code: string;
  readonly statements: InstrumentedStatement[];
  readonly arrays: InstrumentedArray[];
  /** Statements that could not be instrumented (no expression span). */
  readonly skipped: { nest: number; stmt: StatementReport }[];
}

export interface Edit {
  readonly start: number;
  readonly end: number;
  /** Statements sort outside accesses with the same span. */
  readonly rank: number;
  readonly wrap: (inner: string, raw: string) => string;
  children: Edit[];
}

export function arrayLabel(nest: NestReport, name: string): string {
  return `${nest.id}.${name}`.replace(/\s+/g, "_");
}

export function instrument(text: string, report: FileReport): Instrumented {
  const statements: InstrumentedStatement[] = [];
  const arrays: InstrumentedArray[] = [];
  const skipped: { nest: number; stmt: StatementReport }[] = [];
  const edits: Edit[] = [];

  report.nests.forEach((nest, ni) => {
    for (const stmt of nest.statements) {
      if (stmt.exprStart === null || stmt.exprEnd === null) { skipped.push({ nest: ni, stmt }); continue; }
      const k = statements.length;
      statements.push({ index: k, nest: ni, stmt });
      edits.push({ start: stmt.exprStart, end: stmt.exprEnd, rank: 0, children: [], wrap: (inner) => `(__ls_stmt(${k}), (${inner}))` });
    }
    // Accesses: dedupe identical spans, drop spans strictly inside another access span.
    const spans = new Map<string, { start: number; end: number; array: string }>();
    for (const a of nest.accesses) spans.set(`${a.start}:${a.end}`, { start: a.start, end: a.end, array: a.array });
    const all = [...spans.values()];
    const outer = all.filter((s) => !all.some((o) => o !== s && o.start <= s.start && s.end <= o.end));
    const slot = new Map<string, number>();
    for (const s of outer) {
      let a = slot.get(s.array);
      if (a === undefined) {
        a = arrays.length;
        arrays.push({ index: a, nest: ni, name: s.array, label: arrayLabel(nest, s.array) });
        slot.set(s.array, a);
      }
      const idx = a;
      // Nested accesses were dropped, so the raw text is the right operand both times.
      edits.push({ start: s.start, end: s.end, rank: 1, children: [], wrap: (_inner, raw) => `(*(__typeof__(&(${raw})))__ls_touch(${idx}, (const void *)&(${raw})))` });
    }
    // Every array of the report gets a set, even if no access span was given (count 0 then).
    for (const ar of nest.arrays) {
      if (!slot.has(ar.name)) {
        const a = arrays.length;
        arrays.push({ index: a, nest: ni, name: ar.name, label: arrayLabel(nest, ar.name) });
        slot.set(ar.name, a);
      }
    }
  });

  const roots = nestEdits(edits, text.length);
  const body = renderRange(text, 0, text.length, roots);
  return { code: runtime(statements.length, arrays.map((a) => a.label)) + "#line 1\n" + body, statements, arrays, skipped };
}

/** Builds the containment forest; throws on partially overlapping spans (cannot compose). */
export function nestEdits(edits: Edit[], length: number): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
  const roots: Edit[] = [];
  const stack: Edit[] = [];
  for (const e of sorted) {
    if (e.start < 0 || e.end > length || e.start > e.end) throw new Error(`edit span ${e.start}-${e.end} is outside the text`);
    while (stack.length && stack[stack.length - 1].end <= e.start && !(stack[stack.length - 1].start === e.start && stack[stack.length - 1].end === e.end)) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) {
      if (e.end > parent.end) throw new Error(`edit spans ${parent.start}-${parent.end} and ${e.start}-${e.end} overlap partially`);
      parent.children.push(e);
    } else roots.push(e);
    stack.push(e);
  }
  return roots;
}

export function renderRange(text: string, start: number, end: number, children: Edit[]): string {
  let out = "";
  let pos = start;
  for (const c of children) {
    out += text.slice(pos, c.start) + c.wrap(renderRange(text, c.start, c.end, c.children), text.slice(c.start, c.end));
    pos = c.end;
  }
  return out + text.slice(pos, end);
}

const cString = (s: string) => JSON.stringify(s); // labels are ASCII identifiers, ':' and '.'

function runtime(nStmt: number, labels: string[]): string {
  return `/* ---- loopsmith brute-force runtime ---- */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#define __LS_NSTMT ${nStmt}
#define __LS_NARR ${labels.length}
static unsigned long long __ls_counts[__LS_NSTMT + 1];
static const char *const __ls_names[__LS_NARR + 1] = { ${[...labels.map(cString), "0"].join(", ")} };
typedef struct { uintptr_t *slot; size_t cap, count; } __ls_set;
static __ls_set __ls_sets[__LS_NARR + 1];
static void __ls_stmt(int k) { __ls_counts[k]++; }
static void __ls_insert(__ls_set *s, uintptr_t key) {
  size_t mask = s->cap - 1, h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 16) & mask;
  while (s->slot[h] != 0) { if (s->slot[h] == key) return; h = (h + 1) & mask; }
  s->slot[h] = key; s->count++;
}
static void *__ls_touch(int a, const void *p) {
  __ls_set *s = &__ls_sets[a];
  uintptr_t key = (uintptr_t)p;
  if (key == 0) { fprintf(stderr, "__ls_touch: null address\\n"); abort(); }
  if ((s->count + 1) * 2 > s->cap) {
    __ls_set g = { 0, s->cap ? s->cap * 2 : 1024, 0 };
    g.slot = (uintptr_t *)calloc(g.cap, sizeof *g.slot);
    if (!g.slot) abort();
    for (size_t i = 0; i < s->cap; i++) if (s->slot[i]) __ls_insert(&g, s->slot[i]);
    free(s->slot);
    *s = g;
  }
  __ls_insert(s, key);
  return (void *)p;
}
void __ls_report(void) {
  for (int k = 0; k < __LS_NSTMT; k++) printf("stmt %d %llu\\n", k, __ls_counts[k]);
  for (int a = 0; a < __LS_NARR; a++) printf("array %s %zu\\n", __ls_names[a], __ls_sets[a].count);
  fflush(stdout);
}
/* ---- end of runtime ---- */
`;
}
