import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { freePort } from "../../interop/support/http.js";
import { join } from "node:path";
import { stringify } from "yaml";
import { realTool, toolOptions } from "../../interop/support/tools.js";
import { removeDir, tempDir } from "../tree.js";
import { KubeApi } from "./client.js";
import { createControlPlanePki, type ControlPlanePki } from "./pki.js";

/**
 * A real Kubernetes control plane for the day-2 tests: etcd and kube-apiserver, built from the Go
 * module proxy by test/interop/tools.sh, on 127.0.0.1 only, with a throwaway CA, static tokens
 * and AlwaysAllow. There are no controllers and no kubelets: tests register Node objects and
 * write the status a kubelet, Flux or Helm would (the CRD Established condition, admission,
 * validation, server-side apply, dry-run and watch are the server's own).
 *
 * One etcd per test process; every control plane gets its own kube-apiserver over its own etcd
 * key prefix, so each is an empty cluster (the example project's namespaces are fixed, so two
 * tests cannot share one cluster by namespace) at the cost of a server start (a few seconds).
 */

/** The token labc (and the stand-in helmfile) use, as user `admin`; the tests seed as `seeder`. */
export const ADMIN_TOKEN = "admin-token-for-tests";
const SEEDER_TOKEN = "seeder-token-for-tests";
const TOOLS = ["etcd", "kube-apiserver"] as const;
const READY_TIMEOUT_MS = 90_000;

/** For `test(name, controlPlaneOptions(), …)`: skips, naming the missing binary, unless LABC_REQUIRE_TOOLS=1. */
export function controlPlaneOptions(): { skip?: string } {
  return toolOptions(...TOOLS);
}

interface Etcd {
  readonly url: string;
  readonly dir: string;
  readonly child: ChildProcess;
}

let etcd: Promise<Etcd> | undefined;
let prefixes = 0;
const running = new Set<ChildProcess>();

process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});


/** Starts a server with its output in `log` (no pipes: a pipe would keep the test process alive). */
function startProcess(bin: string, args: string[], log: string): ChildProcess {
  const fd = openSync(log, "a");
  const child = spawn(bin, args, { stdio: ["ignore", fd, fd], env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" } });
  closeSync(fd);
  child.unref();
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

function logTail(log: string): string {
  return existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-25).join("\n") : "(no log)";
}

async function poll(what: string, child: ChildProcess, log: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${logTail(log)}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} not ready after ${READY_TIMEOUT_MS / 1000}s:\n${logTail(log)}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => (clearTimeout(kill), resolve()));
    child.kill("SIGTERM");
  });
}

function sharedEtcd(): Promise<Etcd> {
  etcd ??= (async () => {
    const dir = tempDir("etcd");
    process.once("exit", () => removeDir(dir));
    const [client, peer] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${client}`;
    const log = join(dir, "etcd.log");
    const child = startProcess(realToolPath("etcd"), [
      "--name", "labc-test",
      "--data-dir", join(dir, "data"),
      "--listen-client-urls", url,
      "--advertise-client-urls", url,
      "--listen-peer-urls", `http://127.0.0.1:${peer}`,
      "--initial-advertise-peer-urls", `http://127.0.0.1:${peer}`,
      "--initial-cluster", `labc-test=http://127.0.0.1:${peer}`,
      // Test data: losing it in a power cut costs nothing, and fsync is most of etcd's write time.
      "--unsafe-no-fsync",
      "--log-level", "warn",
    ], log);
    await poll("etcd", child, log, () => plainGet(`${url}/health`).then((body) => body.includes('"health":"true"')));
    return { url, dir, child };
  })();
  return etcd;
}

function realToolPath(name: (typeof TOOLS)[number]): string {
  const tool = realTool(name);
  if ("skip" in tool) throw new Error(tool.skip);
  return tool.path;
}

function plainGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { timeout: 2000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

export interface AuditEvent {
  readonly verb: string;
  readonly requestURI: string;
  readonly user: { readonly username: string };
  readonly objectRef?: { readonly resource?: string; readonly subresource?: string; readonly name?: string; readonly namespace?: string };
  readonly responseStatus?: { readonly code?: number };
}

export class ControlPlane {
  private child: ChildProcess | undefined;
  /** A client for the tests' own seeding and reading, as user `seeder` (never `admin`). */
  readonly api: KubeApi;

  private constructor(
    readonly dir: string,
    readonly url: string,
    private readonly args: string[],
    readonly pki: ControlPlanePki,
  ) {
    this.api = new KubeApi(url, SEEDER_TOKEN, pki.caCert);
  }

  static async start(): Promise<ControlPlane> {
    const store = await sharedEtcd();
    const dir = tempDir("kube-apiserver");
    const pki = await createControlPlanePki();
    const file = (name: string, text: string) => (writeFileSync(join(dir, name), text, { mode: 0o600 }), join(dir, name));
    const port = await freePort();
    mkdirSync(join(dir, "certs"));
    const args = [
      "--etcd-servers", store.url,
      // Each control plane its own cluster over the one etcd.
      "--etcd-prefix", `/registry-${process.pid}-${++prefixes}`,
      "--bind-address", "127.0.0.1",
      "--advertise-address", "127.0.0.1",
      "--secure-port", String(port),
      "--tls-cert-file", file("apiserver.crt", pki.serverCert),
      "--tls-private-key-file", file("apiserver.key", pki.serverKey),
      "--cert-dir", join(dir, "certs"),
      "--token-auth-file", file("tokens.csv", `${ADMIN_TOKEN},admin,1,system:masters\n${SEEDER_TOKEN},seeder,2,system:masters\n`),
      "--anonymous-auth=false",
      "--authorization-mode", "AlwaysAllow",
      "--service-account-issuer", "https://kubernetes.default.svc",
      "--service-account-key-file", file("sa.pub", pki.serviceAccountPublicKey),
      "--service-account-signing-key-file", file("sa.key", pki.serviceAccountKey),
      "--service-cluster-ip-range", "10.96.0.0/16",
      // One server and no clients inside a cluster: no endpoints of the kubernetes Service to keep.
      "--endpoint-reconciler-type", "none",
      "--profiling=false",
      // Every request, as metadata (verb, URI with its query, user): what the tests assert labc sent.
      "--audit-policy-file", file("audit-policy.yaml", stringify({ apiVersion: "audit.k8s.io/v1", kind: "Policy", omitStages: ["RequestReceived"], rules: [{ level: "Metadata" }] })),
      "--audit-log-path", join(dir, "audit.log"),
      "--audit-log-mode", "blocking",
    ];
    const plane = new ControlPlane(dir, `https://127.0.0.1:${port}`, args, pki);
    await plane.launch();
    return plane;
  }

  private async launch(): Promise<void> {
    const log = join(this.dir, "kube-apiserver.log");
    this.child = startProcess(realToolPath("kube-apiserver"), this.args, log);
    await poll("kube-apiserver", this.child, log, async () => (await this.api.raw("GET", "/readyz")).status === 200);
  }

  /** Stops and starts kube-apiserver over the same etcd: every watch drops, as on a server restart. */
  async restart(): Promise<void> {
    if (this.child) await stopProcess(this.child);
    await this.launch();
  }

  async stop(): Promise<void> {
    if (this.child) await stopProcess(this.child);
    removeDir(this.dir);
  }

  /** A kubeconfig shaped like talosctl's (one cluster, user and context), with the CA and labc's token. */
  writeKubeconfig(dir: string, options: { token?: string; server?: string; name?: string } = {}): string {
    const path = join(dir, options.name ?? "kubeconfig");
    writeFileSync(
      path,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "lab", cluster: { server: options.server ?? this.url, "certificate-authority-data": Buffer.from(this.pki.caCert).toString("base64") } }],
        users: [{ name: "admin@lab", user: { token: options.token ?? ADMIN_TOKEN } }],
        contexts: [{ name: "admin@lab", context: { cluster: "lab", user: "admin@lab", namespace: "default" } }],
        "current-context": "admin@lab",
      }),
      { mode: 0o600 },
    );
    return path;
  }

  /** The audit log so far: every request the server completed. */
  auditEvents(): AuditEvent[] {
    const path = join(this.dir, "audit.log");
    if (!existsSync(path)) return [];
    return readFileSync(path, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as AuditEvent);
  }
}
