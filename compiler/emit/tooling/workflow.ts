import { annotate, schemaComment } from "../../yaml/annotated.js";
import { toYaml } from "../../yaml/to-yaml.js";
import type { ClusterModel } from "../../model/model.js";
import { pinnedVersion } from "../../model/version-pins.js";

/**
 * `.github/workflows/labc.yaml`: on every push and pull request, `labc check` the source and
 * validate the committed tree (kustomize build of every kustomization, kubeconform on the
 * result). Rebuilding needs the age key; when the repository has a SOPS_AGE_KEY secret the
 * workflow also rebuilds and fails if the committed tree is not what cluster.lab produces.
 */

const VALIDATE = `set -euo pipefail
status=0
while IFS= read -r file; do
  dir="$(dirname "$file")"
  echo "::group::$dir"
  # Secrets are SOPS-encrypted and Gateway API kinds come from CRDs kubeconform may not know.
  if ! kubectl kustomize "$dir" | kubeconform -strict -ignore-missing-schemas -summary \\
      -skip Secret \\
      -schema-location default \\
      -schema-location 'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'; then
    status=1
  fi
  echo "::endgroup::"
done < <(find kubernetes -name kustomization.yaml -not -path 'kubernetes/components/*' | sort)
exit "$status"`;

const UP_TO_DATE = `labc build "$LABC_FILE" --out .
if [ -n "$(git status --porcelain)" ]; then
  git status --short
  if [ "\${IS_RENOVATE:-}" = true ]; then
    echo "::error::this Renovate branch changes a version; the 'rebuild' job of this workflow commits the rebuilt tree to it, and that commit is checked again"
  else
    echo "::error::the committed tree is not what cluster.lab builds to; run labc build \"$LABC_FILE\" --out . and commit"
  fi
  exit 1
fi`;

/**
 * On a Renovate branch (it bumps cluster.lab or versions.lock.yaml, never the generated files):
 * rebuild and commit the tree to the branch. A push with the workflow's own token starts no
 * workflow, so the check is then started on the branch by hand (workflow_dispatch may be); a
 * LABC_PUSH_TOKEN secret (a token that may push) makes the push start it by itself.
 */
const REBUILD = `labc build "$LABC_FILE" --out .
if [ -z "$(git status --porcelain)" ]; then
  echo "the tree already is what cluster.lab builds to"
  exit 0
fi
git config user.name "labc"
git config user.email "labc@users.noreply.github.com"
git add -A
git commit -m "chore(labc): rebuild the tree for $BRANCH"
git push origin "HEAD:$BRANCH"
if [ -z "$PUSH_TOKEN" ]; then
  gh workflow run "$WORKFLOW_FILE" --ref "$BRANCH"
fi`;

const RENOVATE_BRANCH = "github.event_name == 'pull_request' && startsWith(github.head_ref, 'renovate/') && github.event.pull_request.head.repo.full_name == github.repository";

/**
 * labc comes from .mise.toml (`npm:labc` at the version that built the tree). Until that version
 * is on the npm registry, a repository variable LABC_PACKAGE (a tarball URL or a git spec) names
 * where it comes from instead, and mise leaves its own pin alone.
 */
const LABC_FROM_PACKAGE = {
  name: "Install labc from LABC_PACKAGE (set while labc is not on the npm registry)",
  if: "vars.LABC_PACKAGE != ''",
  env: { LABC_PACKAGE: "${{ vars.LABC_PACKAGE }}" },
  shell: "bash",
  run: 'npm install --global "$LABC_PACKAGE"\necho "MISE_DISABLE_TOOLS=npm:labc" >> "$GITHUB_ENV"',
};

export function renderWorkflow(cluster: ClusterModel): string {
  const checkout = `actions/checkout@${pinnedVersion(cluster.pins, "actions/checkout")}`;
  const mise = `jdx/mise-action@${pinnedVersion(cluster.pins, "jdx/mise-action")}`;
  const doc = {
    name: "labc",
    on: {
      push: { branches: [cluster.repository.branch] },
      pull_request: {},
      workflow_dispatch: {},
    },
    permissions: { contents: "read" },
    concurrency: { group: "${{ github.workflow }}-${{ github.event.number || github.ref }}", "cancel-in-progress": true },
    env: { LABC_FILE: "cluster.lab" },
    jobs: {
      check: {
        name: "labc check and validate",
        "runs-on": "ubuntu-latest",
        env: {
          // Empty unless the repository defines the secret; the rebuild step is skipped then.
          SOPS_AGE_KEY: "${{ secrets.SOPS_AGE_KEY }}",
          IS_RENOVATE: `\${{ ${RENOVATE_BRANCH} }}`,
        },
        steps: [
          { name: "Checkout", uses: checkout },
          LABC_FROM_PACKAGE,
          { name: "Install the pinned tools (.mise.toml)", uses: mise },
          { name: "Check cluster.lab", run: 'labc check "$LABC_FILE"' },
          { name: "Validate the generated manifests", shell: "bash", run: VALIDATE },
          { name: "The committed tree is what cluster.lab builds to", if: "env.SOPS_AGE_KEY != ''", shell: "bash", run: UP_TO_DATE },
        ],
      },
      rebuild: {
        name: "Rebuild the tree on a Renovate branch",
        if: RENOVATE_BRANCH,
        "runs-on": "ubuntu-latest",
        permissions: { contents: "write", actions: "write" },
        env: {
          SOPS_AGE_KEY: "${{ secrets.SOPS_AGE_KEY }}",
          PUSH_TOKEN: "${{ secrets.LABC_PUSH_TOKEN }}",
          GH_TOKEN: "${{ github.token }}",
          BRANCH: "${{ github.head_ref }}",
          WORKFLOW_FILE: "labc.yaml",
        },
        steps: [
          { name: "Checkout the branch", uses: checkout, with: { ref: "${{ github.head_ref }}", token: "${{ secrets.LABC_PUSH_TOKEN || github.token }}" } },
          LABC_FROM_PACKAGE,
          { name: "Install the pinned tools (.mise.toml)", uses: mise },
          {
            name: "Rebuild and commit",
            if: "env.SOPS_AGE_KEY != ''",
            shell: "bash",
            run: REBUILD,
          },
          {
            name: "Say what to run without the age key",
            if: "env.SOPS_AGE_KEY == ''",
            shell: "bash",
            run: 'echo "::error::the repository has no SOPS_AGE_KEY secret, so CI cannot rebuild; run: git fetch origin \"$BRANCH\" && git switch \"$BRANCH\" && labc build \"$LABC_FILE\" --out . && git add -A && git commit -m \"chore(labc): rebuild the tree\" && git push"\nexit 1',
          },
        ],
      },
    },
  };
  return toYaml(
    [annotate(doc, { header: [schemaComment("https://json.schemastore.org/github-workflow.json"), "Generated by labc from cluster.lab; edit cluster.lab and rebuild instead of this file."] })],
  );
}
