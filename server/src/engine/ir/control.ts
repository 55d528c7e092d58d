// Control forms around and inside loops, read from the CST for lowering (lower.ts):
//  - counted `while`/`do` loops: `while (cnt--)`, `while (cnt-- > 0)`, `while (--cnt)`,
//    `while (n > 0) { ...; n--; }` (also `n -= k`, `--n`, `n = n - k`), `while (i < n) { ...; i++; }`,
//    `do { ... } while (--cnt)`, `do { ...; n--; } while (n > 0)`. Each is a loop over an
//    iteration number t = 0, 1, ... with an exact trip count; the counter read in the body is
//    affine in t (inside `while (cnt--)` entered with cnt0, `cnt` is cnt0 - 1 - t).
//  - early exits: which `break`/`continue` statements belong to a loop, and `return`/`goto`.
// Invariant: a form is recognised only when every iteration runs the same header and update;
// anything else comes back as a reason (the caller reports it), never as a guess.

import type { SyntaxNode } from "../syntax/parser";
import { Poly } from "../symbolic/poly";
import { isReason, strip, type Affine } from "./expr";
import { tripCount } from "./lower";

const op = (n: SyntaxNode): string => n.childForFieldName("operator")?.text ?? "";
const FLIP: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "!=": "!=", "==": "==" };

export interface CountedLoop {
  readonly form: "while" | "do";
  /** The C variable that counts. */
  readonly counter: string;
  /** Iterations, exact when `requires` holds (and when it is not negative). */
  readonly trip: Poly;
  /** The counter's value in the body on iteration t: bodyStart + step*t. */
  readonly bodyStart: Poly;
  readonly step: bigint;
  /** The formula holds only when trip >= min (e.g. `do ... while (--n)` entered with n <= 0 wraps around). */
  readonly requires?: { readonly min: number; readonly why: string };
  /** The update at the end of the body (`n--;`), when the counter is not updated in the condition. */
  readonly update?: SyntaxNode;
  /** Other integer variables stepped by a constant at the end of the body (`i += 4;`), with
   *  their values on entry: in the body, name = entry + step*t. */
  readonly inductions: readonly { readonly name: string; readonly entry: Poly; readonly step: bigint }[];
  /** The statements at the end of the body that step the counter and the induction variables. */
  readonly steps: readonly SyntaxNode[];
  /** Why a variable stepped at the end of the body is not an induction variable. */
  readonly notInductions: readonly string[];
  /** The header as written, e.g. `while (cnt--)`. */
  readonly text: string;
}

export interface ControlReader {
  /** The expression as an affine polynomial (loop-invariant symbols and enclosing loop variables). */
  affine(n: SyntaxNode): Affine;
  /** The counter's value on entry to the loop, from straight-line code or the parameter; or why it is not known. */
  entry(name: string): Poly | string;
  /** Whether `name` is assigned anywhere in [start, end). */
  assignedIn(name: string, start: number, end: number): boolean;
  /** A compile-time constant value of an expression, if any. */
  constant(n: SyntaxNode): bigint | null;
}

/** `c--`, `--c`, `c++`, `++c`: counter, step and whether the old value is the expression's value. */
function readUpdate(n: SyntaxNode): { name: string; step: bigint; postfix: boolean } | null {
  const u = strip(n);
  if (u.type !== "update_expression") return null;
  const arg = u.childForFieldName("argument");
  const a = arg && strip(arg);
  if (a?.type !== "identifier") return null;
  const postfix = u.firstChild?.type === "identifier" || u.firstChild?.type === "parenthesized_expression";
  return { name: a.text, step: op(u) === "++" ? 1n : -1n, postfix };
}

/** A statement that only steps `name`: `n--;`, `--n;`, `n -= k;`, `n += k;`, `n = n - k;`, `n = n + k;`. */
function stepStatement(st: SyntaxNode, rd: ControlReader): { name: string; step: bigint } | null {
  if (st.type !== "expression_statement") return null;
  const e0 = st.namedChild(0);
  if (!e0) return null;
  const up = readUpdate(e0);
  if (up) return { name: up.name, step: up.step };
  const e = strip(e0);
  if (e.type !== "assignment_expression") return null;
  const l = e.childForFieldName("left"), r = e.childForFieldName("right");
  const target = l && strip(l);
  if (target?.type !== "identifier" || !r) return null;
  const o = op(e);
  if (o === "+=" || o === "-=") {
    const k = rd.constant(r);
    return k && k !== 0n ? { name: target.text, step: o === "+=" ? k : -k } : null;
  }
  if (o === "=") {
    const b = strip(r);
    if (b.type !== "binary_expression") return null;
    const bl = b.childForFieldName("left"), br = b.childForFieldName("right");
    if (!bl || !br) return null;
    if (strip(bl).text === target.text && (op(b) === "+" || op(b) === "-")) {
      const k = rd.constant(br);
      return k && k !== 0n ? { name: target.text, step: op(b) === "+" ? k : -k } : null;
    }
    if (strip(br).text === target.text && op(b) === "+") {
      const k = rd.constant(bl);
      return k && k !== 0n ? { name: target.text, step: k } : null;
    }
  }
  return null;
}

/** The statements of a body block, without comments. */
function statementsOf(body: SyntaxNode): SyntaxNode[] {
  if (body.type !== "compound_statement") return [body];
  return body.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== "comment");
}

/** The nearest enclosing loop (or, for `break`, switch) of a break/continue statement. */
export function jumpTarget(jump: SyntaxNode): SyntaxNode | null {
  const breaks = jump.type === "break_statement";
  for (let p = jump.parent; p; p = p.parent) {
    if (p.type === "for_statement" || p.type === "while_statement" || p.type === "do_statement") return p;
    if (breaks && p.type === "switch_statement") return p;
    if (p.type === "function_definition") return null;
  }
  return null;
}

/** The `break`s and `continue`s of `loop` itself (not of inner loops or switches), and any return/goto inside it. */
export const JUMPS = ["break_statement", "continue_statement", "return_statement", "goto_statement"];

/** `jumps`: the function's jump statements, when the caller has them (one scan per function, not per loop). */
export function exitsOf(loop: SyntaxNode, jumps?: readonly SyntaxNode[]): { breaks: SyntaxNode[]; continues: SyntaxNode[]; returns: SyntaxNode[] } {
  const breaks: SyntaxNode[] = [], continues: SyntaxNode[] = [], returns: SyntaxNode[] = [];
  const inside = jumps ? jumps.filter((j) => j.startIndex >= loop.startIndex && j.endIndex <= loop.endIndex) : loop.descendantsOfType(JUMPS);
  for (const j of inside) {
    if (!j) continue;
    if (j.type === "return_statement" || j.type === "goto_statement") { returns.push(j); continue; }
    if (jumpTarget(j)?.id !== loop.id) continue;
    (j.type === "break_statement" ? breaks : continues).push(j);
  }
  return { breaks, continues, returns };
}

/**
 * A counted while/do loop, or why this one is not one. The counter's trip count comes from
 * the loop `for (c = first tested value; c REL bound; c += step)`, which tests the same values.
 */
export function countedLoop(n: SyntaxNode, rd: ControlReader): CountedLoop | { reason: string } {
  const isDo = n.type === "do_statement";
  const condNode = n.childForFieldName("condition");
  const body = n.childForFieldName("body");
  const text = isDo ? `do ... while ${condNode?.text ?? "(?)"}` : `while ${condNode?.text ?? "(?)"}`;
  if (!condNode || !body) return { reason: "incomplete loop" };
  const cond = strip(condNode);
  // The condition: an update alone (`cnt--` tests cnt != 0), `X REL Y`, or a bare name (`n` tests n != 0).
  let rel = "!=";
  let subject: SyntaxNode = cond;
  let boundNode: SyntaxNode | null = null;
  if (cond.type === "binary_expression" && ["<", "<=", ">", ">=", "!="].includes(op(cond))) {
    const l = cond.childForFieldName("left"), r = cond.childForFieldName("right");
    if (!l || !r) return { reason: `cannot read the condition ${condNode.text}` };
    const mentionsUpdate = (x: SyntaxNode) => readUpdate(x) !== null || strip(x).type === "identifier";
    if (mentionsUpdate(l) && !(readUpdate(r) || (strip(r).type === "identifier" && rd.assignedIn(strip(r).text, n.startIndex, n.endIndex)))) { subject = l; boundNode = r; rel = op(cond); }
    else if (mentionsUpdate(r)) { subject = r; boundNode = l; rel = FLIP[op(cond)]; }
    else return { reason: `the condition ${condNode.text} is not a counter compared with a bound` };
  } else if (cond.type !== "update_expression" && cond.type !== "identifier") {
    return { reason: `the condition ${condNode.text} is not a counter compared with a bound` };
  }
  let bound: Poly = Poly.ZERO;
  if (boundNode) {
    const b = rd.affine(boundNode);
    if (isReason(b)) return { reason: `the bound in ${condNode.text}: ${b.reason}` };
    bound = b;
  }
  const up = readUpdate(subject);
  const stmts = statementsOf(body);
  // The steps at the end of the body: `i += 4; n--;` (each variable once).
  const tail: { node: SyntaxNode; name: string; step: bigint }[] = [];
  for (let i = stmts.length - 1; i >= 0; i--) {
    const st = stepStatement(stmts[i], rd);
    if (!st || tail.some((x) => x.name === st.name)) break;
    tail.unshift({ node: stmts[i], ...st });
  }
  let counter: string, step: bigint, update: SyntaxNode | undefined;
  if (up) {
    counter = up.name; step = up.step;
  } else if (strip(subject).type === "identifier") {
    counter = strip(subject).text;
    const s = tail.find((x) => x.name === counter);
    if (!s) return { reason: `${counter} is not stepped by a constant in the condition or at the end of the body` };
    step = s.step; update = s.node;
  } else return { reason: `the condition ${condNode.text} is not a counter compared with a bound` };
  if (up && tail.some((x) => x.name === counter)) return { reason: `${counter} is also changed inside the loop body` };
  if (bound.mentions(counter)) return { reason: `the bound in ${condNode.text} depends on ${counter}` };
  if (boundNode && [...boundNode.descendantsOfType("identifier")].some((x) => x && rd.assignedIn(x.text, body.startIndex, body.endIndex)))
    return { reason: `the bound in ${condNode.text} changes inside the loop` };
  // The counter must change only where the form says.
  const tailStart = tail.length ? tail[0].node.startIndex : body.endIndex;
  const elsewhere = (name: string) => rd.assignedIn(name, body.startIndex, tailStart) || tail.some((x) => x.name !== name && rd.assignedIn(name, x.node.startIndex, x.node.endIndex));
  if (elsewhere(counter)) return { reason: `${counter} is also changed inside the loop body` };
  if (tail.length) {
    // A `continue` would skip the steps at the end: the count is then not this one.
    const { continues } = exitsOf(n);
    if (continues.length) return { reason: `a continue (line ${continues[0].startPosition.row + 1}) skips the update ${tail[0].node.text.trim()} at the end of the body` };
  }
  const inductions: { name: string; entry: Poly; step: bigint }[] = [];
  const notInductions: string[] = [];
  for (const x of tail) {
    if (x.name === counter) continue;
    const e = rd.entry(x.name);
    if (typeof e === "string") notInductions.push(`${x.name} is stepped at the end of the body, but ${e}`);
    else if (elsewhere(x.name)) notInductions.push(`${x.name} is also changed elsewhere in the body`);
    else inductions.push({ name: x.name, entry: e, step: x.step });
  }
  const c0 = rd.entry(counter);
  if (typeof c0 === "string") return { reason: c0 };
  const s = Poly.constant(step);
  // Value tested on the k-th test (k = 0, 1, ...) and value seen by the body on iteration t.
  let tested: Poly, bodyStart: Poly, extra = 0n;
  if (isDo) {
    // The body runs first; then the tests see the values after one, two, ... updates.
    bodyStart = c0;
    tested = up ? (up.postfix ? c0 : c0.add(s)) : c0.add(s);
    extra = 1n;
  } else if (up) {
    tested = up.postfix ? c0 : c0.add(s);
    bodyStart = c0.add(s);
  } else {
    tested = c0; bodyStart = c0;
  }
  const t = tripCount(tested, bound, rel, step);
  if (typeof t === "string") return { reason: `${text}: ${t}` };
  const trip = extra ? t.add(Poly.constant(extra)) : t;
  let requires: CountedLoop["requires"];
  if (isDo) requires = { min: 1, why: `${text} runs its body once before the first test; with ${counter} starting at ${c0.toString()} the count ${trip.toString()} would be below 1` };
  else if (rel === "!=") requires = { min: 0, why: `${text} with ${counter} starting at ${c0.toString()} would step past ${bound.toString()} and wrap around` };
  return { form: isDo ? "do" : "while", counter, trip, bodyStart, step, requires, update, inductions, notInductions, text,
    steps: tail.filter((x) => x.name === counter || inductions.some((i) => i.name === x.name)).map((x) => x.node) };
}

/**
 * The `for` statements of a function body that lowering does not read as loops (inside a
 * syntax error, an expression such as a GNU statement expression, or a construct it does not
 * read), with why: they are reported so that no loop vanishes silently. Syntactic and cheap,
 * so every report (also a partial one) lists them for every function. Mirrors the statement
 * forms FunctionLowering.statement() descends into.
 */
export function unlistedFors(body: SyntaxNode): { what: string; reason: string; line: number }[] {
  const out: { what: string; reason: string; line: number }[] = [];
  const report = (n: SyntaxNode, inside: string) => {
    if (!n.text.includes("for")) return;
    for (const f of n.descendantsOfType("for_statement")) {
      if (!f) continue;
      const header = f.text.slice(0, (f.childForFieldName("body")?.startIndex ?? f.endIndex) - f.startIndex).trim();
      out.push({ what: header, reason: `this for loop is not analysed: it is inside ${inside} (line ${n.startPosition.row + 1})`, line: f.startPosition.row + 1 });
    }
  };
  // An explicit stack, not recursion: statements nest as deep as the user writes them.
  // Children go on in reverse, so they come off in source order (the order of the output).
  const todo: SyntaxNode[] = [body], next: SyntaxNode[] = [];
  const visit = (n: SyntaxNode): void => { next.push(n); };
  for (;;) {
    while (next.length) todo.push(next.pop()!);
    const n = todo.pop();
    if (!n) break;
    switch (n.type) {
      case "compound_statement": for (const c of n.namedChildren) if (c) visit(c); continue;
      case "for_statement": case "while_statement": case "do_statement": { const b = n.childForFieldName("body"); if (b) visit(b); continue; }
      case "if_statement": {
        const t = n.childForFieldName("consequence"), a = n.childForFieldName("alternative");
        if (t) visit(t);
        const e = a?.type === "else_clause" ? a.namedChild(0) : a;
        if (e) visit(e);
        continue;
      }
      case "switch_statement": {
        const b = n.childForFieldName("body");
        for (const k of b?.namedChildren ?? []) {
          if (k?.type === "case_statement") { for (const c of k.namedChildren) if (c && c.id !== k.childForFieldName("value")?.id) visit(c); }
          else if (k) report(k, "a switch body outside any case");
        }
        continue;
      }
      case "labeled_statement": for (const c of n.namedChildren) if (c && c.type !== "statement_identifier") visit(c); continue;
      case "ERROR": report(n, `a syntax error`); continue;
      case "expression_statement": case "declaration": case "return_statement": report(n, "an expression"); continue;
      default:
        if (n.type.startsWith("preproc_if") || n.type === "preproc_ifdef" || n.type === "preproc_else" || n.type === "preproc_elif") {
          for (const c of n.namedChildren) if (c && c.type !== "identifier" && !c.type.endsWith("expression")) visit(c);
          continue;
        }
        report(n, `a ${n.type.replace(/_/g, " ")}`);
    }
  }
  return out;
}
