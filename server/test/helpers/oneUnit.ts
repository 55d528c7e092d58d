// Many C files checked or built as ONE translation unit: one gcc process instead of one per
// file (process start, headers and the link cost more than a small kernel's own code). Each
// file is a chunk
//   #define <each file-scope name of the chunk, and main> <name>__u<i>
//   #line 1 "<the chunk's file name>"  <its text>     (a chunk may have several parts)
//   #undef <those names, and every macro the chunk #defines>
// so gcc names the chunk's own file in a diagnostic, with the chunk's own line numbers, and no
// name or macro leaks from one chunk into the next. `stripSuffix` removes the renaming from a
// diagnostic's text. Callers check chunks that might behave differently in one unit (a chunk
// whose #include lines differ from the first chunk's: a header the first chunk included would
// still be in scope) on their own, and fall back to one file per gcc call when the unit fails.

export interface Part { readonly file: string; readonly text: string }
export interface Chunk { readonly parts: readonly Part[]; readonly names: readonly string[] }

const macrosOf = (text: string): string[] => [...text.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)/gm)].map((m) => m[1]);

/** The #include lines of a text (sorted, spaces dropped): chunks that differ here are not joined. */
export const includesOf = (text: string): string =>
  [...text.matchAll(/^[ \t]*#[ \t]*include[ \t]*(\S+)/gm)].map((m) => m[1]).sort().join(" ");

/** The translation unit of `chunks` (chunk i's names get the suffix __u<i>), after `prelude`. */
export function joinChunks(chunks: readonly Chunk[], prelude = ""): string {
  let out = prelude;
  chunks.forEach((c, i) => {
    const names = [...new Set([...c.names, "main"])];
    out += names.map((n) => `#define ${n} ${n}__u${i}\n`).join("");
    for (const p of c.parts) out += `#line 1 "${p.file}"\n${p.text}${p.text.endsWith("\n") ? "" : "\n"}`;
    const macros = new Set(c.parts.flatMap((p) => macrosOf(p.text)));
    out += [...names, ...[...macros].filter((m) => !names.includes(m))].map((n) => `#undef ${n}\n`).join("");
  });
  return out;
}

/** A diagnostic's text without the renaming of joinChunks. */
export const stripSuffix = (s: string): string => s.replace(/__u\d+\b/g, "");
