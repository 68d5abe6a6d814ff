import { readStatus, watchStatus } from "../../cluster-api/status/read-status.js";
import { renderStatus } from "../../cluster-api/status/render-status.js";
import type { ClusterStatus } from "../../cluster-api/status/app-status.js";
import { formatFlag, parseCommandArgs } from "../args.js";
import { status as spec } from "../usage/command-table.js";
import { interruptSignal, openSession, runClusterCommand } from "./cluster-command.js";

/**
 * `labc status`: every app of cluster.lab with its Flux Kustomization and HelmRelease. Exit 0
 * when all apps are ready, 1 when any is not (so scripts can poll it), 2 when the cluster
 * cannot be read. `--format json` (or `--json`) prints one document (with --watch: one per line, per change).
 */
export async function runStatus(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, spec);
  const json = formatFlag(values, ["text", "json"]) === "json";
  return runClusterCommand("status", async () => {
    const session = await openSession(positionals[0], values);
    if (typeof session === "number") return session;
    const { client, model } = session;
    const allReady = (s: ClusterStatus) => s.fluxInstalled && s.summary.ready === s.summary.total;
    if (!values.watch) {
      const status = await readStatus(client, model);
      process.stdout.write(json ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status));
      return allReady(status) ? 0 : 1;
    }
    const interrupt = interruptSignal();
    const tty = process.stdout.isTTY === true && !json;
    let last = "";
    try {
      await watchStatus(client, model, interrupt.signal, (status) => {
        const text = json ? `${JSON.stringify(status)}\n` : renderStatus(status);
        if (text === last) return;
        last = text;
        if (tty) process.stdout.write(`\u001b[H\u001b[2J${new Date().toLocaleTimeString()}  ${client.server}\n\n${text}`);
        else process.stdout.write(json ? text : `--- ${new Date().toISOString()}\n${text}`);
      });
    } finally {
      interrupt.dispose();
    }
    return 0;
  });
}
