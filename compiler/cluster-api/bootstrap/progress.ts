/** Progress lines for `labc bootstrap apps`: numbered steps, indented details. */
export interface Progress {
  step(title: string): void;
  detail(text: string): void;
}

export function streamProgress(stream: NodeJS.WritableStream, total: number): Progress {
  let n = 0;
  return {
    step: (title) => void stream.write(`[${++n}/${total}] ${title}\n`),
    detail: (text) => void stream.write(`      ${text}\n`),
  };
}
