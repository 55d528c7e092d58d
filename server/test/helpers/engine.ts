// Test helpers: one shared engine, and a one-call analysis of a C snippet.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Engine, type FileReport, type NestReport } from "../../src/engine";

let engine: Promise<Engine> | undefined;
export function getEngine(): Promise<Engine> { return (engine ??= Engine.create()); }

export const repoRoot = join(__dirname, "..", "..", "..");
export const readSample = (name: string) => readFileSync(join(repoRoot, "samples", name), "utf8");

export async function analyze(text: string, defines: Record<string, number> = {}): Promise<FileReport> {
  return (await getEngine()).analyze(text, { file: "test.c", defines });
}

/** The only nest of a snippet (fails the test if there is not exactly one). */
export async function onlyNest(text: string, defines: Record<string, number> = {}): Promise<NestReport> {
  const r = await analyze(text, defines);
  if (r.nests.length !== 1) throw new Error(`expected one nest, got ${r.nests.length}: ${r.nests.map((n) => n.id).join(", ")}`);
  return r.nests[0];
}
