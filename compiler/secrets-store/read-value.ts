// Secret values come from stdin or a no-echo prompt, never from argv: arguments end up in shell
// history and are visible to every user through /proc/<pid>/cmdline.

export class ValueInputError extends Error {}

/** Thrown when the user aborts a prompt with Ctrl-C or Ctrl-D. */
export class PromptAborted extends Error {}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads one line from a TTY with echo off (raw mode), writing the prompt to stderr. */
export function promptHidden(prompt: string, stdin: NodeJS.ReadStream = process.stdin, out: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    out.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    let value = "";
    const finish = (error?: Error) => {
      stdin.removeListener("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      out.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003" || (ch === "\u0004" && value === "")) return finish(new PromptAborted("aborted"));
        if (ch === "\u0004") return finish();
        if (ch === "\u007f" || ch === "\b") value = [...value].slice(0, -1).join("");
        else if (ch === "\u0015") value = "";
        else if (ch >= " ") value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

/**
 * The value for `labc secret set NAME`. Piped: all of stdin, minus one trailing newline (so
 * `echo x |` and `< file` both store `x`, as file("…") reads files). On a terminal: typed twice
 * without echo.
 */
export async function readSecretValue(name: string, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  let value: string;
  if (stdin.isTTY) {
    value = await promptHidden(`value for ${name} (not shown): `, stdin);
    const again = await promptHidden("again, to confirm: ", stdin);
    if (again !== value) throw new ValueInputError("the two entries differ; nothing was stored");
  } else {
    value = (await readAll(stdin)).replace(/\r?\n$/, "");
  }
  if (value === "") throw new ValueInputError(`no value for ${name}: pipe it on stdin (labc secret set ${name} < file) or type it at the prompt`);
  return value;
}
