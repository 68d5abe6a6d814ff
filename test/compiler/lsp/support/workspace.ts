/** A two-file workspace that checks clean: cluster.lab imports apps.lab. */
export const CLUSTER = `import "apps.lab"

cluster home {
  talos      = v1.10.7
  kubernetes = v1.33.4
  endpoint   = 192.168.31.240
  domain     = "example.com"
  repository = github("owner/home-ops")
  recipients = ["age1m4acj4mjupv5wgxtruey44wpq34tqkk7hkkj77566vy0t80gqfmsdmpcvk"]
}

network lan {
  cidr = 192.168.31.0/24
}

node cp-01 {
  role      = controlplane
  address   = 192.168.31.252
  network   = lan
  mac       = 00:11:22:33:44:55
  disk      = "/dev/sdb"
  schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"
}

secret token = env("LABC_TEST_TOKEN")
`;

export const APPS = `app cilium {
  internal-gateway = 192.168.31.242
  external-gateway = 192.168.31.243
}
app coredns {}
app cert-manager { token = token }
app echo in default {
  chart   = std.app-template
  depends = [cert-manager]
}
`;
