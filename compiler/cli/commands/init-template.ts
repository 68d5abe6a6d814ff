/** The cluster.lab that `labc init` writes: a working starting point, every field explained. */
export function clusterTemplate(recipient: string): string {
  return `// cluster.lab: one file describes the whole cluster; 'labc build' writes the GitOps repository.
// Edit the values marked CHANGE, then run 'labc check'.

cluster home {
  // A "// renovate: datasource=… depName=…" line marks the version below it for Renovate,
  // so a bot bump lands here, in the source, and the next 'labc build' carries it everywhere.
  // renovate: datasource=docker depName=ghcr.io/siderolabs/installer
  talos      = v1.10.7                  // Talos Linux release
  // renovate: datasource=docker depName=ghcr.io/siderolabs/kubelet
  kubernetes = v1.33.4                  // Kubernetes release
  endpoint   = 192.168.1.240            // CHANGE: a free LAN address for the API VIP
  pods       = 10.42.0.0/16             // pod network; must not overlap your LAN
  services   = 10.43.0.0/16             // service network; CoreDNS gets its 10th address
  domain     = "example.com"            // CHANGE: the domain apps are published under
  repository = github("owner/home-ops", branch: "main")   // CHANGE: where Flux pulls from
  recipients = ["${recipient}"]   // age public key(s) secrets are encrypted to
}

network lan {
  cidr        = 192.168.1.0/24          // CHANGE: your LAN; the gateway defaults to its first host
  nameservers = [1.1.1.1, 1.0.0.1]
}

node cp-01 {
  role      = controlplane
  address   = 192.168.1.10              // CHANGE: the node's static address
  mac       = 00:00:00:00:00:01         // CHANGE: the MAC of the NIC to configure
  disk      = "/dev/sda"                // CHANGE: the install disk (or disk { serial = "…" })
  schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"  // image factory ID
}

// Secret values never go in this file. These live in the encrypted store secrets.sops.yaml
// beside it, which CI opens with the age key; set each once:
//   labc secret set cloudflare-token < token.txt               (a Cloudflare API token)
//   labc secret set tunnel-credentials < cloudflare-tunnel.json (from 'cloudflared tunnel create')
// env("NAME") and file("path") read a value at build time instead; generate(…) makes one once.
secret cloudflare-token   = store()
secret tunnel-credentials = store()
secret webhook-token      = generate(token, 32)

app cilium {
  internal-gateway = 192.168.1.242      // CHANGE: LAN address of the internal Gateway
  external-gateway = 192.168.1.243      // CHANGE: LAN address of the external Gateway
}
app coredns {}
app metrics-server {}
app reloader {}
app cert-manager { token = cloudflare-token }
app flux-operator {}
app flux-instance { webhook-token = webhook-token }
app cloudflare-dns { token = cloudflare-token }
app cloudflare-tunnel { credentials = tunnel-credentials }
app k8s-gateway { address = 192.168.1.241 }   // CHANGE: LAN address of the split-DNS server

app echo in default {
  chart = std.app-template
  values {
    controllers {
      echo {
        containers {
          app {
            // renovate: datasource=docker depName=ghcr.io/mendhak/http-https-echo
            image { repository = "ghcr.io/mendhak/http-https-echo" tag = "37" }
            env { HTTP_PORT = 8080 }
          }
        }
      }
    }
    service { app { ports { http { port = 8080 } } } }
  }
  route = external("echo")
}
`;
}
