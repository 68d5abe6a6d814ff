// The server process the LSP tests spawn: `labc lsp --stdio` from the compiled tree (not the
// bundle), so `tsc` alone is enough before running the tests.
import { main } from "../../../../compiler/cli/main.js";

process.exitCode = await main(["lsp", "--stdio"]);
