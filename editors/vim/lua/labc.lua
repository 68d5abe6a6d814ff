-- labc's language server for Neovim 0.7 and later, one server per project:
--   require("labc").setup()                          -- `labc` on the PATH
--   require("labc").setup({ cmd = { "/path/to/labc", "lsp", "--stdio" } })
--   require("labc").setup({ on_attach = function(client, bufnr) … end })   -- your keymaps
-- The project root is the nearest folder holding cluster.lab or lab.config.ts, looking no higher
-- than $HOME; a file in no project is its own folder's root (never the working directory, which
-- may be $HOME). On 0.11+ this is vim.lsp.config + vim.lsp.enable, as in editors/README.md; on
-- 0.8-0.10 vim.lsp.start (which reuses the client of the same root); on 0.7 start_client with
-- the reuse done here. Before 0.9 (which colours from semantic tokens itself) the buffers are
-- coloured from labc's semantic tokens by lua/labc/semantic_highlight.lua.
local M = {}

local markers = { "cluster.lab", "lab.config.ts" }

--- The project root of a file: nearest folder above it with a marker, else the file's folder.
function M.root_dir(file)
  local dir = vim.fn.fnamemodify(file, ":p:h")
  local home = vim.loop.os_homedir()
  for _, marker in ipairs(markers) do
    local found = vim.fn.findfile(marker, dir .. ";" .. home)
    if found ~= "" then
      local root = vim.fn.fnamemodify(found, ":p:h")
      if root ~= home then return root end
    end
  end
  return dir
end

function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { "labc", "lsp", "--stdio" }
  if vim.filetype and vim.filetype.add then vim.filetype.add({ extension = { lab = "lab" } }) end
  vim.cmd([[autocmd BufRead,BufNewFile *.lab setfiletype lab]])

  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config("labc", { cmd = cmd, filetypes = { "lab" }, root_markers = markers, on_attach = opts.on_attach })
    vim.lsp.enable("labc")
  end

  -- 0.9 and later colour from semantic tokens themselves; before that, labc.semantic_highlight does.
  local on_attach = opts.on_attach
  if not vim.lsp.semantic_tokens then
    local user_on_attach = on_attach
    on_attach = function(client, bufnr)
      require("labc.semantic_highlight").attach(client, bufnr)
      if user_on_attach then user_on_attach(client, bufnr) end
    end
  end

  local clients = {} -- root -> client id (0.7 only)
  vim.api.nvim_create_autocmd("FileType", {
    pattern = "lab",
    callback = function(args)
      -- Per buffer, here: set once at startup it would be the global value other buffers reset.
      vim.bo[args.buf].commentstring = "// %s"
      if vim.lsp.config and vim.lsp.enable then return end -- vim.lsp.enable attaches
      local root = M.root_dir(vim.api.nvim_buf_get_name(args.buf))
      if vim.lsp.start then
        vim.lsp.start({ name = "labc", cmd = cmd, root_dir = root, on_attach = on_attach }, { bufnr = args.buf })
        return
      end
      local id = clients[root]
      if not id or not vim.lsp.get_client_by_id(id) then
        id = vim.lsp.start_client({ name = "labc", cmd = cmd, root_dir = root, on_attach = on_attach,
                                    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } } })
        clients[root] = id
      end
      if id then vim.lsp.buf_attach_client(args.buf, id) end
    end,
  })
end

return M
