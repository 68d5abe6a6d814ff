-- Neovim as a user would set it up from editors/README.md (run by nvim.test.ts): editors/vim on
-- the runtimepath (syntax, ftdetect, ftplugin) and require("labc").setup(). Opens two files of
-- one project, started from the folder above it (a stand-in for $HOME). Env: LAB_SERVER,
-- LAB_PROJECT (the project folder), LAB_PROBES (JSON list of {line, col}, 1-based). Writes one
-- JSON line: { clients, roots, commentstrings, filetypes, groups, stray, tokens, legend,
-- semantic (the semantic-token group at each probe), edited (the group at LAB_EDIT's place after
-- replacing its `old` text with `new`) }.
-- Exit 0 = done, 1 = no diagnostics within 10 s, 2 = Lua error.
local ok, err = pcall(function()
  require("labc").setup({ cmd = { "node", vim.env.LAB_SERVER } })
  local project = vim.env.LAB_PROJECT
  vim.cmd("edit " .. vim.fn.fnameescape(project .. "/cluster.lab"))
  local first = vim.api.nvim_get_current_buf()
  vim.cmd("edit " .. vim.fn.fnameescape(project .. "/apps.lab"))
  local second = vim.api.nvim_get_current_buf()
  local attached = vim.wait(10000, function()
    return #vim.lsp.buf_get_clients(first) > 0 and #vim.lsp.buf_get_clients(second) > 0
  end, 50)
  if not attached then vim.cmd("cquit! 1") end
  -- The pushed diagnostics say the server has read and checked the project.
  if not vim.wait(10000, function() return #vim.diagnostic.get(second) > 0 end, 50) then vim.cmd("cquit! 1") end

  local clients, roots = 0, {}
  for _, c in pairs(vim.lsp.get_active_clients()) do
    if c.name == "labc" then
      clients = clients + 1
      roots[#roots + 1] = c.config.root_dir
    end
  end
  vim.api.nvim_set_current_buf(second)
  local groups = {}
  for _, p in ipairs(vim.fn.json_decode(vim.env.LAB_PROBES)) do
    groups[#groups + 1] = vim.fn.synIDattr(vim.fn.synID(p[1], p[2], 1), "name")
  end
  -- A symbol declared only outside the project: found only if the server scanned outside it.
  local stray = 0
  for _, res in pairs(vim.lsp.buf_request_sync(second, "workspace/symbol", { query = "outsider" }, 5000) or {}) do
    stray = stray + #(res.result or {})
  end
  -- 0.7 does not colour from semantic tokens, but it can ask for them.
  local tokens = {}
  for _, res in pairs(vim.lsp.buf_request_sync(second, "textDocument/semanticTokens/full",
      { textDocument = { uri = vim.uri_from_bufnr(second) } }, 5000) or {}) do
    if res.result then tokens = res.result.data end
  end
  -- Before 0.9 labc.semantic_highlight colours the buffer from the tokens: the group at each probe.
  if not vim.wait(10000, function() return vim.b[second].labc_semantic_tick ~= nil end, 50) then vim.cmd("cquit! 1") end
  local ns = require("labc.semantic_highlight").namespace
  local function semantic_groups(probes)
    local out = {}
    for _, p in ipairs(probes) do
      local found = ""
      for _, m in ipairs(vim.api.nvim_buf_get_extmarks(second, ns, { p[1] - 1, 0 }, { p[1] - 1, -1 }, { details = true })) do
        local col, details = m[3], m[4]
        if col <= p[2] - 1 and p[2] - 1 < details.end_col then found = details.hl_group end
      end
      -- The group and the standard group it is linked to, which a colour scheme colours.
      out[#out + 1] = found == "" and "" or (found .. ">" .. (vim.fn.execute("highlight " .. found):match("links to (%w+)") or "?"))
    end
    return out
  end
  local probes = vim.fn.json_decode(vim.env.LAB_PROBES)
  local semantic = semantic_groups(probes)
  -- An edit that turns a reference into an unknown name: the tokens are asked for again.
  local edit = vim.fn.json_decode(vim.env.LAB_EDIT)
  local tick = vim.b[second].labc_semantic_tick
  vim.api.nvim_buf_set_text(second, edit.line - 1, edit.col - 1, edit.line - 1, edit.col - 1 + #edit.old, { edit.new })
  if not vim.wait(10000, function() return vim.b[second].labc_semantic_tick ~= tick end, 50) then vim.cmd("cquit! 1") end
  local edited = semantic_groups({ { edit.line, edit.col } })[1]
  local legend = {}
  for _, c in pairs(vim.lsp.get_active_clients()) do
    local p = c.server_capabilities and c.server_capabilities.semanticTokensProvider
    if p then legend = p.legend.tokenTypes end
  end
  io.stdout:write(vim.fn.json_encode({
    clients = clients, roots = roots,
    commentstrings = { vim.bo[first].commentstring, vim.bo[second].commentstring },
    filetypes = { vim.bo[first].filetype, vim.bo[second].filetype },
    groups = groups, stray = stray, tokens = tokens, legend = legend, semantic = semantic, edited = edited,
  }) .. "\n")
  vim.lsp.stop_client(vim.lsp.get_active_clients())
  vim.cmd("qall!")
end)
if not ok then
  io.stderr:write(tostring(err) .. "\n")
  vim.cmd("cquit! 2")
end
