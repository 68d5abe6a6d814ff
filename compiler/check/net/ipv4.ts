// The IPv4 helpers live below the phases, in compiler/net/ipv4.ts. This re-export keeps the
// files still importing the old path working (lang/lsp and check/rules/talos.ts, owned by
// other work in flight); new code imports compiler/net/ipv4.ts. Delete once they move.
export * from "../../net/ipv4.js";
