import type { AppModel } from "../../model/model.js";

const key = (ns: string, name: string) => `${ns}/${name}`;

/**
 * The bootstrap apps in an order where every release follows its `needs` (stable: ties keep the
 * model's order). Throws when a bootstrap app depends on an app helmfile does not install: Flux
 * is not running yet, so nothing else would ever provide it.
 */
export function bootstrapOrder(apps: readonly AppModel[]): AppModel[] {
  const boot = apps.filter((a) => a.bootstrap);
  const byKey = new Map(boot.map((a) => [key(a.namespace, a.name), a]));
  const all = new Map(apps.map((a) => [key(a.namespace, a.name), a]));
  for (const app of boot) {
    for (const dep of app.installAfter) {
      const k = key(dep.namespace, dep.name);
      if (!byKey.has(k)) {
        const why = all.has(k) ? "it is not installed at bootstrap" : "it is not declared";
        throw new Error(`bootstrap app "${app.name}" depends on "${k}", but ${why}`);
      }
    }
  }
  const done = new Set<string>();
  const out: AppModel[] = [];
  while (out.length < boot.length) {
    const next = boot.find((a) => !done.has(key(a.namespace, a.name)) && a.installAfter.every((d) => done.has(key(d.namespace, d.name))));
    if (!next) throw new Error(`bootstrap apps form a dependency cycle: ${boot.filter((a) => !done.has(key(a.namespace, a.name))).map((a) => a.name).join(", ")}`);
    done.add(key(next.namespace, next.name));
    out.push(next);
  }
  return out;
}
