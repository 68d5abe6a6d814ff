import { discoverAgeIdentities } from "../../secrets/index.js";
import { PINNED_CRD_SOURCES } from "../../cluster-api/bootstrap/crd-source.js";
import { streamProgress } from "../../cluster-api/bootstrap/progress.js";
import { BOOTSTRAP_STEPS, runBootstrapApps } from "../../cluster-api/bootstrap/run-bootstrap.js";
import { parseCommandArgs } from "../args.js";
import { bootstrapApps } from "../usage/command-table.js";
import { interruptSignal, openSession, parseDuration, runClusterCommand } from "./cluster-command.js";

/**
 * `labc bootstrap apps`: from registered Talos nodes to Flux running. Talos itself is brought up
 * with `labc talos commands …`; this command takes over once the kubeconfig exists.
 */
export async function runBootstrap(args: string[]): Promise<number> {
  // main answered help and any step but `apps` from the command table.
  const { values, positionals } = parseCommandArgs(args.slice(1), bootstrapApps);
  const nodeTimeoutMs = parseDuration(values.timeout ?? "10m", "--timeout");
  return runClusterCommand("bootstrap apps", async () => {
    const session = await openSession(positionals[0], values);
    if (typeof session === "number") return session;
    const { client, model, target } = session;
    process.stdout.write(`labc bootstrap apps: cluster ${model.name} at ${client.describe()}, Kubernetes ${session.serverVersion}\n`);
    const found = await discoverAgeIdentities({ projectDir: session.root, env: process.env });
    const interrupt = interruptSignal();
    try {
      const code = await runBootstrapApps({
        model,
        outDir: target.out,
        client,
        kubeContext: values.context,
        crdSources: values.crds ?? PINNED_CRD_SOURCES,
        nodeTimeoutMs,
        force: values["force-conflicts"] === true,
        resync: values.resync === true,
        verbose: values.verbose === true,
        identities: found.identities,
        searched: found.searched,
        env: process.env,
        progress: streamProgress(process.stdout, BOOTSTRAP_STEPS),
        signal: interrupt.signal,
      });
      if (code === 130) process.stderr.write("labc bootstrap apps: interrupted; run it again to carry on (every step is safe to repeat)\n");
      else if (code === 0) process.stdout.write("done: Flux takes it from here; follow it with `labc status --watch`\n");
      return code;
    } finally {
      interrupt.dispose();
    }
  });
}
