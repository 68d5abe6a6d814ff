-- Neovim 0.7 as an LSP client of `labc lsp --stdio` (run by nvim.test.ts).
-- Env: LAB_SERVER (node script starting the server), LAB_FILE (document), LAB_FIX (replacement
-- text for line LAB_FIX_LINE, 1-based). Writes JSON to stdout:
--   { before = [diagnostics], hover = "…", after = [diagnostics after the edit] }
-- Exit 0 = done, 1 = no diagnostics within 10 s, 2 = Lua error. 0.7 has no vim.lsp.start and no
-- pull diagnostics: start_client + buf_attach_client, and the server pushes.
local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.LAB_FILE))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'labc',
    cmd = { 'node', vim.env.LAB_SERVER },
    root_dir = vim.fn.fnamemodify(vim.env.LAB_FILE, ':p:h'),
  })
  assert(id, 'start_client failed')
  vim.lsp.buf_attach_client(buf, id)
  local function snapshot()
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      out[#out + 1] = { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
                        severity = d.severity, code = d.code, source = d.source, message = d.message }
    end
    return out
  end
  local got = vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  if not got then vim.cmd('cquit! 1') end
  local before = snapshot()
  local first = vim.diagnostic.get(buf)[1]
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = first.lnum, character = first.col },
  }, 5000)
  local hover_text = ''
  for _, res in pairs(hover or {}) do
    if res.result and res.result.contents then hover_text = res.result.contents.value or '' end
  end
  local line = tonumber(vim.env.LAB_FIX_LINE)
  vim.api.nvim_buf_set_lines(buf, line - 1, line, false, { vim.env.LAB_FIX })
  vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 50)
  io.stdout:write(vim.fn.json_encode({ before = before, hover = hover_text, after = snapshot() }) .. '\n')
  vim.lsp.stop_client(id)
  vim.cmd('qall!')
end)
if not ok then
  io.stderr:write(tostring(err) .. '\n')
  vim.cmd('cquit! 2')
end
