import { realWriterFs, type WriterFs } from "../../../../compiler/build/writer-fs.js";

const MUTATING = ["writeFile", "chmod", "rename", "unlink", "mkdir", "rmdir", "removeTree"] as const;
export type Step = { readonly n: number; readonly call: (typeof MUTATING)[number]; readonly args: readonly unknown[] };

/**
 * The real file system with every call that changes the disk counted as one step, and `onStep`
 * run before it: to count them, to throw an injected errno at step N, or to die there.
 */
export function steppedFs(onStep: (step: Step) => void, base: WriterFs = realWriterFs): WriterFs & { readonly steps: Step[] } {
  const steps: Step[] = [];
  const fs = { ...base, steps } as WriterFs & { steps: Step[] };
  for (const call of MUTATING) {
    const original = base[call] as (...args: unknown[]) => void;
    (fs as unknown as Record<string, unknown>)[call] = (...args: unknown[]) => {
      const step = { n: steps.length + 1, call, args };
      steps.push(step);
      onStep(step);
      original(...args);
    };
  }
  return fs;
}

export function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected by the test`), { code });
}

/** Fails step `at` only (`once`), or it and every step after (`from`: the disk stays broken). */
export function failingFs(at: number, mode: "once" | "from", code = "EIO"): WriterFs & { readonly steps: Step[] } {
  return steppedFs((s) => {
    if (s.n === at || (mode === "from" && s.n > at)) throw errno(code);
  });
}
